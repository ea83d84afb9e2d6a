using System.Buffers;

namespace GovReport.Ingest.Text;

/// <summary>
/// Room for a string being filtered out of another (characters dropped or replaced one for one, never added): on the
/// stack when it is short, else a pooled array, so the only allocation is the result. Capacity is fixed at the start.
/// </summary>
internal ref struct CharBuffer
{
    private readonly char[]? _rented;
    private readonly Span<char> _chars;

    public CharBuffer(Span<char> stack, int capacity)
    {
        if (capacity <= stack.Length) _chars = stack;
        else _chars = _rented = ArrayPool<char>.Shared.Rent(capacity);
        Length = 0;
    }

    public int Length { get; private set; }

    public void Append(char c) => _chars[Length++] = c;

    public void Append(ReadOnlySpan<char> chars)
    {
        chars.CopyTo(_chars[Length..]);
        Length += chars.Length;
    }

    public readonly char Last => _chars[Length - 1];

    public readonly ReadOnlySpan<char> Written => _chars[..Length];

    public override readonly string ToString() => new(Written);

    public readonly void Dispose()
    {
        if (_rented is not null) ArrayPool<char>.Shared.Return(_rented);
    }
}

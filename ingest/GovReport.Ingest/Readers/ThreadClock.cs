using System.Runtime.InteropServices;

namespace GovReport.Ingest.Readers;

/// <summary>
/// The CPU time of the thread that called <see cref="Start"/>, readable from another thread (Linux:
/// <c>pthread_getcpuclockid</c>). Not available elsewhere, or before the thread has started.
/// </summary>
public sealed class ThreadClock
{
    private volatile int _id = -1;

    public bool Available => OperatingSystem.IsLinux();

    public void Start()
    {
        if (!Available) return;
        try { if (pthread_getcpuclockid(pthread_self(), out int id) == 0) _id = id; }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException) { }
    }

    /// <summary>The thread's CPU time so far, or null while unknown (not started, or already gone).</summary>
    public TimeSpan? Elapsed
    {
        get
        {
            int id = _id;
            if (id == -1) return null;
            try { return clock_gettime(id, out var t) == 0 ? TimeSpan.FromTicks(t.Seconds * TimeSpan.TicksPerSecond + t.Nanoseconds / 100) : null; }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException) { return null; }
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec { public long Seconds; public long Nanoseconds; }

    [DllImport("libc")] private static extern nint pthread_self();
    [DllImport("libc")] private static extern int pthread_getcpuclockid(nint thread, out int clockId);
    [DllImport("libc")] private static extern int clock_gettime(int clockId, out Timespec time);
}

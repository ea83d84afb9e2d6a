using System.Diagnostics;
using System.IO.Compression;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace GovReport.Ingest.Regions;

/// <summary>A gazetteer name matched to one division, and how it matched.</summary>
public readonly record struct NameEntry(Region Region, NameKind Kind, string? Note = null);

/// <summary>A stretch of a string that is a gazetteer name (leftmost-longest), with every division it may name.</summary>
public sealed record NameSpan(int Start, int Length, string Surface, IReadOnlyList<NameEntry> Entries);

/// <summary>
/// The national divisions (provinces, cities, counties, townships) from the embedded china-division 2.7.0 data
/// (NBS 2023 codes, see data/gazetteer/README.md). Loaded once per process on first use of <see cref="Instance"/>;
/// immutable afterwards, so every member is safe to call from any thread.
/// </summary>
public sealed class Gazetteer
{
    private const string ResourcePrefix = "GovReport.Ingest.Regions.Data.";
    private static readonly Lazy<Gazetteer> s_instance = new(LoadEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The process-wide gazetteer, loaded on first use.</summary>
    public static Gazetteer Instance => s_instance.Value;

    private readonly Dictionary<string, Region>[] _byCode;          // per level, keyed by standard and by source code
    private readonly Dictionary<string, NameEntry[]> _names;        // every name form, every level
    private readonly Dictionary<string, NameEntry[]>.AlternateLookup<ReadOnlySpan<char>> _namesSpan;
    private readonly Dictionary<char, int> _maxLenByFirst;          // longest key that starts with the character
    private readonly Dictionary<string, NameEntry[]> _textNames;    // full and former names of province/city/county, 3+ chars
    private readonly Dictionary<string, NameEntry[]>.AlternateLookup<ReadOnlySpan<char>> _textNamesSpan;
    private readonly Dictionary<char, int> _textMaxLenByFirst;

    public IReadOnlyList<Region> Provinces { get; }
    public IReadOnlyList<Region> Cities { get; }
    public IReadOnlyList<Region> Counties { get; }
    public IReadOnlyList<Region> Townships { get; }

    /// <summary>How long building this instance took (decompression, parsing, indexing).</summary>
    public TimeSpan LoadTime { get; }

    /// <summary>Number of distinct name keys (full names, short forms, former names) in the index.</summary>
    public int NameKeyCount => _names.Count;

    /// <summary>Loads a fresh copy from the embedded resources (use <see cref="Instance"/> instead; this is for measuring).</summary>
    public static Gazetteer LoadEmbedded()
    {
        var asm = typeof(Gazetteer).Assembly;
        return new Gazetteer(
            Read(asm, "provinces.json"), Read(asm, "cities.json"), Read(asm, "areas.json.gz"), Read(asm, "streets.json.gz"));
    }

    private static byte[] Read(Assembly asm, string file)
    {
        using var stream = asm.GetManifestResourceStream(ResourcePrefix + file)
            ?? throw new InvalidOperationException($"gazetteer resource {file} is not embedded in {asm.GetName().Name}");
        using var buffer = new MemoryStream();
        if (file.EndsWith(".gz", StringComparison.Ordinal))
        {
            using var gz = new GZipStream(stream, CompressionMode.Decompress);
            gz.CopyTo(buffer);
        }
        else stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>Builds a gazetteer from the four china-division JSON arrays (UTF-8 bytes, uncompressed).</summary>
    public Gazetteer(byte[] provincesJson, byte[] citiesJson, byte[] areasJson, byte[] streetsJson)
    {
        var clock = Stopwatch.StartNew();
        _byCode = [.. Enumerable.Range(0, 5).Select(_ => new Dictionary<string, Region>(StringComparer.Ordinal))];

        var provinces = new List<Region>(40);
        foreach (var row in Rows(provincesJson, []))
            provinces.Add(Add(new Region(row.Code, row.Name, RegionLevel.Province, null, false)));

        var cities = new List<Region>(400);
        foreach (var row in Rows(citiesJson, "provinceCode"u8))
            cities.Add(Add(new Region(row.Code, row.Name, RegionLevel.City, Parent(RegionLevel.Province, row.Parent, row),
                RegionNames.IsPlaceholderName(row.Name))));

        var counties = new List<Region>(3000);
        foreach (var row in Rows(areasJson, "cityCode"u8))
            counties.Add(Add(new Region(row.Code, row.Name, RegionLevel.County, Parent(RegionLevel.City, row.Parent, row), false)));

        var townships = new List<Region>(42000);
        foreach (var row in Rows(streetsJson, "areaCode"u8))
            townships.Add(Add(new Region(row.Code, row.Name, RegionLevel.Township, Parent(RegionLevel.County, row.Parent, row), false)));

        Provinces = provinces; Cities = cities; Counties = counties; Townships = townships;

        // Name index: every full name, every short form, the former names. Most keys name one division, so the
        // entry arrays grow one by one.
        var names = new Dictionary<string, NameEntry[]>(70_000, StringComparer.Ordinal);
        void Index(string key, NameEntry e)
        {
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(names, key, out _);
            slot = slot is null ? [e] : [.. slot, e];
        }
        foreach (var list in new[] { provinces, cities, counties, townships })
            foreach (var r in list)
            {
                // Placeholders (市辖区), the two townships the data calls just 街道, and townships called by a bare zone
                // word (开发区, 高新区 …) are not names.
                if (r.IsPlaceholder || r.Name is "街道" or "镇" or "乡") continue;
                if (r.Level == RegionLevel.Township && RegionNames.IsGenericName(r.Name)) continue;
                Index(r.Name, new NameEntry(r, NameKind.Full));
                if (RegionNames.ShortForm(r.Name, r.Level) is { } sf) Index(sf, new NameEntry(r, NameKind.Short));
            }
        foreach (var (name, code, note) in RegionNames.FormerNames)
        {
            if (ByCode(code) is not { Level: RegionLevel.County } r) continue;
            Index(name, new NameEntry(r, NameKind.Former, $"former {name}, {note}"));
            if (RegionNames.ShortForm(name, RegionLevel.County) is { } sf) Index(sf, new NameEntry(r, NameKind.FormerShort, $"former {name}, {note}"));
        }
        _names = names;
        _namesSpan = _names.GetAlternateLookup<ReadOnlySpan<char>>();
        _maxLenByFirst = MaxLenByFirst(_names.Keys);

        _textNames = new Dictionary<string, NameEntry[]>(4_000, StringComparer.Ordinal);
        foreach (var (key, entries) in _names)
        {
            if (key.Length < 3) continue;
            var kept = Array.FindAll(entries, e => e.Region.Level != RegionLevel.Township && e.Kind is NameKind.Full or NameKind.Former);
            if (kept.Length > 0) _textNames[key] = kept;
        }
        _textNamesSpan = _textNames.GetAlternateLookup<ReadOnlySpan<char>>();
        _textMaxLenByFirst = MaxLenByFirst(_textNames.Keys);

        LoadTime = clock.Elapsed;
    }

    private static Dictionary<char, int> MaxLenByFirst(IEnumerable<string> keys)
    {
        var d = new Dictionary<char, int>();
        foreach (string k in keys)
            if (!d.TryGetValue(k[0], out int l) || k.Length > l) d[k[0]] = k.Length;
        return d;
    }

    private Region Add(Region r)
    {
        var d = _byCode[(int)r.Level];
        d[r.Code] = r;
        d[r.SourceCode] = r;
        return r;
    }

    private Region Parent(RegionLevel level, string? code, Row row) =>
        code is not null && _byCode[(int)level].TryGetValue(code, out var p)
            ? p
            : throw new InvalidDataException($"gazetteer row {row.Code} {row.Name}: no {level} {code}");

    private readonly record struct Row(string Code, string Name, string? Parent);

    /// <summary>The rows of one file: code, name and the code of the parent named by <paramref name="parentProperty"/>.</summary>
    private static List<Row> Rows(byte[] json, ReadOnlySpan<byte> parentProperty)
    {
        var rows = new List<Row>(json.Length / 90);
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        string? code = null, name = null, parent = null;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    code = name = parent = null;
                    break;
                case JsonTokenType.PropertyName:
                    ref string? target = ref code;
                    if (reader.ValueTextEquals("code"u8)) target = ref code;
                    else if (reader.ValueTextEquals("name"u8)) target = ref name;
                    else if (!parentProperty.IsEmpty && reader.ValueTextEquals(parentProperty)) target = ref parent;
                    else { reader.Skip(); break; }
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String) target = reader.GetString();
                    break;
                case JsonTokenType.EndObject:
                    if (code is null || name is null) throw new InvalidDataException("gazetteer row without code or name");
                    rows.Add(new Row(code, name, parent));
                    break;
            }
        }
        return rows;
    }

    /// <summary>
    /// The division with this code: standard (360000, 360900, 360981, 360981002) or as the data writes it (36, 3609).
    /// A 6-digit code ending in 00 is tried as a city before a county (东莞市 is both 4419 and 441900).
    /// </summary>
    public Region? ByCode(string? code)
    {
        if (string.IsNullOrWhiteSpace(code)) return null;
        code = code.Trim();
        RegionLevel[] order = code.Length switch
        {
            2 => [RegionLevel.Province],
            4 => [RegionLevel.City],
            9 => [RegionLevel.Township],
            6 when code.EndsWith("0000", StringComparison.Ordinal) => [RegionLevel.Province, RegionLevel.City, RegionLevel.County],
            6 when code.EndsWith("00", StringComparison.Ordinal) => [RegionLevel.City, RegionLevel.County],
            6 => [RegionLevel.County],
            _ => [],
        };
        foreach (var level in order)
            if (_byCode[(int)level].TryGetValue(code, out var r)) return r;
        return null;
    }

    public IReadOnlyList<Region> FindProvinces(string? name) => Find(name, RegionLevel.Province);
    public IReadOnlyList<Region> FindCities(string? name) => Find(name, RegionLevel.City);
    public IReadOnlyList<Region> FindCounties(string? name) => Find(name, RegionLevel.County);
    public IReadOnlyList<Region> FindTownships(string? name) => Find(name, RegionLevel.Township);

    /// <summary>Divisions called <paramref name="name"/> (any level when <paramref name="level"/> is null). See <see cref="FindDetailed"/>.</summary>
    public IReadOnlyList<Region> Find(string? name, RegionLevel? level = null) =>
        FindDetailed(name, level).Select(e => e.Region).Distinct().ToList();

    /// <summary>
    /// Looks a name up, trying in turn: the name as given with organisation words removed (剑光街道办事处 → 剑光街道,
    /// 淮安市人民政府 → 淮安市) as a full, former or short name (丰城, 杭州, 广西); the name with its suffix swapped
    /// (剑光镇 → 剑光街道, 丰城县 → 丰城市); the place inside a zone name (平潭综合实验区 → 平潭县). Full names win over
    /// former names, which win over short forms. Empty when nothing matches.
    /// </summary>
    public IReadOnlyList<NameEntry> FindDetailed(string? name, RegionLevel? level = null)
    {
        if (string.IsNullOrWhiteSpace(name)) return [];
        string s = RegionNames.StripOrganisation(name);

        var hits = Best(Lookup(s, level));
        // Without a level, a bare short form means a province, city or county before a township (上海 is not 上海街道).
        if (level is null && hits.Any(e => e.Kind is NameKind.Short && e.Region.Level != RegionLevel.Township))
            hits.RemoveAll(e => e.Region.Level == RegionLevel.Township);
        if (hits.Count > 0) return hits;

        // Another suffix: the short form of the query, by the rules of each level, against the gazetteer's short forms.
        var variants = new List<NameEntry>();
        foreach (var l in new[] { RegionLevel.Township, RegionLevel.County, RegionLevel.City, RegionLevel.Province })
        {
            if (RegionNames.ShortForm(s, l) is not { } core) continue;
            foreach (var e in Lookup(core, level))
                if (e.Kind is NameKind.Short or NameKind.FormerShort && e.Region.Level == l && !variants.Any(v => ReferenceEquals(v.Region, e.Region)))
                    variants.Add(e with { Kind = NameKind.Variant, Note = $"{s} for {e.Region.Name}" });
        }
        if (variants.Count > 0) return variants;

        if (RegionNames.StripZone(s) is { } place)
        {
            var inZone = Best(Lookup(place, level).Where(e => e.Region.Level != RegionLevel.Township));
            if (inZone.Count > 0) return [.. inZone.Select(e => e with { Note = $"place of {s}" })];
        }
        return [];
    }

    private IEnumerable<NameEntry> Lookup(string key, RegionLevel? level) =>
        _names.TryGetValue(key, out var entries) ? entries.Where(e => level is null || e.Region.Level == level) : [];

    private static List<NameEntry> Best(IEnumerable<NameEntry> entries)
    {
        var list = entries.ToList();
        foreach (var kinds in new[] { new[] { NameKind.Full }, [NameKind.Former], [NameKind.Short, NameKind.FormerShort] })
        {
            var some = list.Where(e => kinds.Contains(e.Kind)).ToList();
            if (some.Count > 0) return some;
        }
        return [];
    }

    /// <summary>
    /// Gazetteer names of the same length as <paramref name="name"/>, with the same last character (the suffix), one
    /// other character different, at <paramref name="level"/>; those that differ by a known look-alike (沐/沭) first.
    /// </summary>
    public IReadOnlyList<NameEntry> FindSimilar(string? name, RegionLevel level)
    {
        if (string.IsNullOrEmpty(name) || name.Length < 3) return [];
        IReadOnlyList<Region> pool = level switch
        {
            RegionLevel.Province => Provinces,
            RegionLevel.City => Cities,
            RegionLevel.County => Counties,
            _ => Townships,
        };
        var lookAlike = new List<NameEntry>();
        var other = new List<NameEntry>();
        foreach (var r in pool)
        {
            string n = r.Name;
            if (r.IsPlaceholder || n.Length != name.Length || n[^1] != name[^1] || n == name) continue;
            int diff = -1, count = 0;
            for (int i = 0; i < n.Length && count < 2; i++)
                if (n[i] != name[i]) { diff = i; count++; }
            if (count != 1) continue;
            bool alike = RegionNames.AreLookAlikes(n[diff], name[diff]);
            (alike ? lookAlike : other).Add(new NameEntry(r, NameKind.Fuzzy,
                $"{name} ≈ {n}" + (alike ? $" ({name[diff]}/{n[diff]} look alike)" : "")));
        }
        return [.. lookAlike, .. other];
    }

    /// <summary>
    /// Every gazetteer name in <paramref name="text"/>, leftmost-longest, spans not overlapping.
    /// With <paramref name="agencyForms"/> all forms count: full names of every level, former names, short forms of
    /// provinces, cities and counties (平潭 in 平潭综合实验区), and a township's short form when a township suffix follows
    /// (剑光镇 for 剑光街道). Without it only full and former names of provinces, cities and counties of three characters
    /// or more count — the forms that are safe to look for in running text (城区, 和县 or 下城 are not).
    /// </summary>
    public IReadOnlyList<NameSpan> Scan(string? text, bool agencyForms)
    {
        var spans = new List<NameSpan>();
        if (string.IsNullOrEmpty(text)) return spans;
        var maxLens = agencyForms ? _maxLenByFirst : _textMaxLenByFirst;
        var lookup = agencyForms ? _namesSpan : _textNamesSpan;
        int i = 0, lastEnd = 0;
        while (i < text.Length)
        {
            if (!maxLens.TryGetValue(text[i], out int maxLen)) { i++; continue; }
            // A two-character name must start a word: 街道 in 子虚乌有街道 or 新镇 in 清新镇 is no name of its own.
            bool wordStart = i == 0 || i == lastEnd || !IsHan(text[i - 1]);
            NameSpan? found = null;
            for (int len = Math.Min(maxLen, text.Length - i); len >= 2 && found is null; len--)
            {
                if (len <= 2 && !wordStart) break;
                if (!lookup.TryGetValue(text.AsSpan(i, len), out var entries)) continue;
                if (!agencyForms) { found = new NameSpan(i, len, text.Substring(i, len), entries); break; }

                var kept = new List<NameEntry>(entries.Length);
                int spanLen = len;
                bool townshipSuffixFollows = RegionNames.TownshipVariantSuffixes.Any(sfx => text.AsSpan(i + len).StartsWith(sfx, StringComparison.Ordinal));
                foreach (var e in entries)
                {
                    if (e.Kind is NameKind.Short or NameKind.FormerShort && e.Region.Level != RegionLevel.Township)
                    {
                        // 清新镇 is a township's name, not 清新区.
                        if (!townshipSuffixFollows) kept.Add(e);
                        continue;
                    }
                    if (e.Kind != NameKind.Short || e.Region.Level != RegionLevel.Township) { kept.Add(e); continue; }
                    // A township short form only with a township suffix after it.
                    if (RegionNames.TownshipVariantSuffixes.FirstOrDefault(sfx => text.AsSpan(i + len).StartsWith(sfx, StringComparison.Ordinal)) is { } suffix)
                    {
                        kept.Add(e with { Kind = NameKind.Variant, Note = $"{text.Substring(i, len)}{suffix} for {e.Region.Name}" });
                        spanLen = Math.Max(spanLen, len + (suffix.StartsWith("街道", StringComparison.Ordinal) ? 2 : suffix == "办事处" ? 0 : 1));
                    }
                }
                // 恩施州, 湘西州: the short form of an autonomous prefecture followed by 州 names the prefecture.
                if (i + len < text.Length && text[i + len] == '州'
                    && kept.Where(e => e.Kind == NameKind.Short && e.Region.Name.EndsWith("自治州", StringComparison.Ordinal)).ToList() is { Count: > 0 } prefectures)
                {
                    kept = [.. prefectures.Select(e => e with { Kind = NameKind.Variant, Note = $"{text.Substring(i, len)}州 for {e.Region.Name}" })];
                    spanLen = len + 1;
                }
                if (kept.Count > 0) found = new NameSpan(i, spanLen, text.Substring(i, spanLen), kept);
            }
            if (found is null) { i++; continue; }
            spans.Add(found);
            i += Math.Max(1, found.Length);
            lastEnd = i;
        }
        return spans;
    }

    private static bool IsHan(char c) => c is >= '\u3400' and <= '\u9FFF' or >= '\uF900' and <= '\uFAFF';
}

using System.Text.RegularExpressions;

namespace GovReport.Ingest.Regions;

/// <summary>What is known about a report: its agency (full and short names, either may be missing) and its whole text.</summary>
public sealed record RegionQuery(string? AgencyName, string? AgencyShort, string Text);

/// <summary>
/// The region of a report. <see cref="Code"/> is the standard code of the finest division resolved (9 digits for a
/// township, 6 otherwise) or of the common ancestor of the candidates when the name is ambiguous, null when nothing is
/// known. <see cref="Level"/> is township, county, city, province or none. <see cref="Evidence"/> lists the words that
/// decided (<c>agency:剑光街道</c>, <c>text:丰城市 ×4</c>) and notes; <see cref="Candidates"/> lists every division the
/// agency's name could denote ("code 全名") whenever there was more than one, or when none was picked.
/// </summary>
public sealed record RegionMatch(
    string? Code, string? Province, string? City, string? County, string? Township,
    string Level, double Confidence, IReadOnlyList<string> Evidence, IReadOnlyList<string> Candidates);

/// <summary>
/// Resolves a report's agency to its division of the national gazetteer. Pure: the result depends only on the query
/// and the embedded gazetteer; never throws.
/// <para>
/// Rules. The agency's names (full and short, or the text's first line when neither is given) are scanned for gazetteer
/// names; the name of the finest division is the target (浮山街道 in 咸宁市咸安区人民政府浮山街道办事处). Its candidates — every
/// division of that name, at any level — must lie within the other divisions the agency names; among those left, the text
/// decides by how often it names each candidate's county, city and province (full names weigh more than short ones:
/// 丰城市 over 丰城; former names count: 下城 for 拱墅区). A candidate is picked only when it is alone or scores at
/// least twice the next; otherwise the result is the candidates' common ancestor (or none) with every candidate listed
/// and a low confidence. A name that lies in none of the agency's other names is set aside (and listed) and the next one
/// resolved instead. Agencies that name no division fall back to a one-character-off match (沐阳县 → 沭阳县), then to the
/// county, city or province the text names most often.
/// </para>
/// </summary>
public static partial class RegionResolver
{
    public static RegionMatch Resolve(RegionQuery q) => Resolve(q, null);

    /// <summary>As <see cref="Resolve(RegionQuery)"/> with a given gazetteer (null: <see cref="Gazetteer.Instance"/>).</summary>
    public static RegionMatch Resolve(RegionQuery? q, Gazetteer? gazetteer)
    {
        try
        {
            return new Resolution(gazetteer ?? Gazetteer.Instance, q).Run();
        }
        catch (Exception e)
        {
            return new RegionMatch(null, null, null, null, null, "none", 0,
                [$"note: resolver failed: {e.GetType().Name}: {e.Message}"], []);
        }
    }

    internal static string LevelName(RegionLevel? level) => level switch
    {
        RegionLevel.Township => "township",
        RegionLevel.County => "county",
        RegionLevel.City => "city",
        RegionLevel.Province => "province",
        _ => "none",
    };

    [GeneratedRegex("人民政府|政府|办事处|管理委员会|管委会|委员会|办公室|办公厅|[^\\p{IsCJKUnifiedIdeographs}]+")]
    private static partial Regex OrgWords();

    private sealed record Hit(string Label, string Surface, IReadOnlyList<NameEntry> Entries);

    private sealed class Resolution(Gazetteer g, RegionQuery? q)
    {
        private readonly string _text = RegionNames.Normalize(q?.Text);
        private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
        private readonly List<string> _notes = [];
        private readonly List<Region> _setAside = [];

        public RegionMatch Run()
        {
            var hits = AgencyHits();
            while (hits.Count > 0)
            {
                var match = ResolveHits(hits, out var rest);
                if (match is not null) return match;
                hits = rest;
            }
            return FromText();
        }

        // ---------------------------------------------------------------- agency

        private List<Hit> AgencyHits()
        {
            string name = RegionNames.Normalize(q?.AgencyName);
            string shortName = RegionNames.Normalize(q?.AgencyShort);
            var sources = new List<(string Label, string Value)>();
            if (name.Length > 0) sources.Add(("agency", name));
            if (shortName.Length > 0 && !name.Contains(shortName, StringComparison.Ordinal)) sources.Add(("agency", shortName));
            if (sources.Count == 0)
            {
                // The title: the first three non-empty lines (a title is often broken, or preceded by a word like 正文).
                string title = string.Concat((q?.Text ?? "").Split('\n').Select(l => RegionNames.Normalize(l)).Where(l => l.Length > 0).Take(3));
                if (title.Length > 0)
                {
                    sources.Add(("title", title.Length > 80 ? title[..80] : title));
                    _notes.Add("note: no agency given; names taken from the text's first lines");
                }
            }

            var hits = new List<Hit>();
            foreach (var (label, value) in sources)
            {
                var spans = g.Scan(value, agencyForms: true);
                int at = 0;
                foreach (var span in spans)
                {
                    Residue(label, value[at..span.Start], hits);
                    hits.Add(new Hit(label, span.Surface, SameNamedChildDropped(span.Entries)));
                    at = span.Start + span.Length;
                }
                Residue(label, value[at..], hits);
            }
            return hits;
        }

        /// <summary>东莞市 is a city and, under it, a county of the same name: the city is meant.</summary>
        private static List<NameEntry> SameNamedChildDropped(IReadOnlyList<NameEntry> entries) =>
            [.. entries.Where(e => !entries.Any(p => ReferenceEquals(p.Region, e.Region.Parent) && p.Region.Name == e.Region.Name))];

        /// <summary>Words of the agency that are not gazetteer names: look-alike county names, unknown townships.</summary>
        private void Residue(string label, string gap, List<Hit> hits)
        {
            foreach (string token in OrgWords().Split(gap))
            {
                if (token.Length < 3 || RegionNames.HasZoneSuffix(token)) continue;
                char last = token[^1];
                if (token.EndsWith("街道", StringComparison.Ordinal) || last is '镇' or '乡')
                {
                    _notes.Add($"note: {label} names {token}, which is not a township of the gazetteer (NBS 2023)");
                    continue;
                }
                if (last is not ('县' or '区' or '市' or '旗') || token.Length > 8) continue;
                var similar = g.FindSimilar(token, RegionLevel.County).Concat(g.FindSimilar(token, RegionLevel.City)).ToList();
                var alike = similar.Where(e => e.Note!.Contains("look alike", StringComparison.Ordinal)).ToList();
                if (alike.Count > 0) similar = alike;
                if (similar.Count > 0)
                {
                    hits.Add(new Hit(label, token, similar));
                    _notes.Add($"note: {token} is not in the gazetteer; one character off: {string.Join("、", similar.Select(e => e.Region.Name).Distinct())}");
                }
                else _notes.Add($"note: {label} names {token}, which is not in the gazetteer");
            }
        }

        /// <summary>Resolves the finest name among the hits; null (with the rest) when it lies in none of the coarser ones.</summary>
        private RegionMatch? ResolveHits(List<Hit> hits, out List<Hit> rest)
        {
            rest = [];
            var finest = hits.SelectMany(h => h.Entries).Max(e => e.Region.Level);
            var target = hits.Last(h => h.Entries.Any(e => e.Region.Level == finest));
            // Every division the target name may denote, at any level (滨海新区 is 天津's county and a township in 台州).
            var entries = target.Entries.GroupBy(e => e.Region).Select(grp => grp.First()).ToList();
            var candidates = entries.Select(e => e.Region).ToList();
            var context = hits.Where(h => !ReferenceEquals(h, target)).ToList();

            // Within every other name of the agency.
            var consistent = candidates.Where(c => context.All(h => h.Entries.Any(e => e.Region.Level < c.Level && c.IsWithin(e.Region)))).ToList();
            if (context.Count > 0 && consistent.Count == 0)
            {
                _notes.Add($"note: {target.Label}:{target.Surface} is not within {string.Join("", context.Select(h => h.Surface))} in the gazetteer; resolved the coarser name");
                _setAside.AddRange(candidates);
                rest = [.. hits.Where(h => !ReferenceEquals(h, target))];
                return null;
            }
            bool byAgency = context.Count > 0 && consistent.Count < candidates.Count;
            var pool = context.Count > 0 ? consistent : candidates;

            var evidence = new List<string>();
            evidence.AddRange(context.Select(h => $"{h.Label}:{h.Surface}"));

            var scored = pool.Select(c => (Region: c, Score: TextScore(c, out var words, out bool full), Words: words, Full: full))
                .OrderByDescending(x => x.Score).ToList();
            var best = scored[0];
            double second = scored.Count > 1 ? scored[1].Score : 0;
            bool picked = scored.Count == 1 || (best.Score > 0 && best.Score >= 2 * second);
            var entry = entries.First(e => ReferenceEquals(e.Region, best.Region));
            var kind = entry.Kind;
            evidence.Insert(0, Describe(target, picked ? entry : entries[0]));

            if (!picked)
            {
                foreach (var s in scored.Where(s => s.Score > 0))
                    evidence.AddRange(s.Words.Select(w => $"{w} (for {s.Region.Code})"));
                return Ambiguous(pool, evidence, candidates);
            }

            evidence.AddRange(best.Words);
            double confidence;
            if (candidates.Count == 1)
            {
                confidence = best.Region.Level switch { RegionLevel.Township => 0.75, RegionLevel.County => 0.85, RegionLevel.City => 0.9, _ => 0.95 };
                if (context.Count > 0) confidence += 0.15;
                else if (best.Full) confidence += 0.1;
                else if (best.Score > 0) confidence += 0.05;
                // The text naming the division itself corroborates the agency's name (it cannot tell namesakes apart).
                int self = Count(best.Region.Name);
                if (self > 0 && target.Label != "title")
                {
                    evidence.Add($"text:{best.Region.Name} ×{self}");
                    confidence += 0.05;
                }
                if (best.Region.Level == RegionLevel.Township && context.Count == 0)
                    _notes.Add($"note: {best.Region.Name} is the only division of that name in the gazetteer");
                // Nothing places it, and the text keeps naming somewhere else: say so and trust it less.
                if (context.Count == 0 && best.Score == 0 && Mentions()
                        .Where(kv => kv.Key.Level is RegionLevel.County or RegionLevel.City && kv.Value.Count >= 3
                                     && !best.Region.IsWithin(kv.Key) && !kv.Key.IsWithin(best.Region))
                        .OrderByDescending(kv => kv.Value.Count).FirstOrDefault() is { Key: not null } rival)
                {
                    confidence -= 0.2;
                    _notes.Add($"note: the text names {rival.Value.Word} ×{rival.Value.Count}, which does not contain {best.Region.Name}");
                }
            }
            else if (byAgency && pool.Count == 1) confidence = 0.9;
            else confidence = (best.Full ? 0.8 : 0.65) - (second > 0 ? 0.1 : 0);

            confidence -= kind switch
            {
                NameKind.Full => 0,
                NameKind.FormerShort => 0.15,
                _ => 0.1,
            };
            if (target.Label == "title") confidence -= 0.1;   // the first lines are not always the agency
            if (kind == NameKind.Fuzzy) confidence = Math.Min(confidence, 0.5);
            if (_setAside.Count > 0) confidence = Math.Min(confidence, 0.6);

            var listed = candidates.Count > 1 || _setAside.Count > 0 ? candidates.Concat(_setAside).ToList() : [];
            return Match(best.Region, confidence, evidence, listed);
        }

        private static string Describe(Hit h, NameEntry e)
        {
            string s = $"{h.Label}:{h.Surface}";
            if (e.Kind == NameKind.Full) return s;
            string how = e.Kind switch
            {
                NameKind.Short => $"short for {e.Region.Name}",
                NameKind.Fuzzy => e.Note!,
                _ => e.Note ?? e.Kind.ToString(),
            };
            return $"{s} ({how})";
        }

        /// <summary>
        /// How strongly the text places <paramref name="c"/>: mentions of its county (3 per full name, 1.5 per short or
        /// former name), city (2 / 1) and province (1 / 0.5), each name counted at most 5 times.
        /// </summary>
        private double TextScore(Region c, out List<string> words, out bool fullMention)
        {
            words = [];
            fullMention = false;
            double score = 0;
            for (Region? a = c.Parent; a is not null; a = a.Parent)
            {
                if (a.IsPlaceholder) continue;
                double w = a.Level switch { RegionLevel.County => 3, RegionLevel.City => 2, _ => 1 };
                var forms = new List<(string Form, string? Whole, double Weight, string? Note)> { (a.Name, null, w, null) };
                if (RegionNames.ShortForm(a.Name, a.Level) is { } sf) forms.Add((sf, a.Name, w / 2, null));
                foreach (var (former, code, note) in RegionNames.FormerNames)
                {
                    if (code != a.Code) continue;
                    forms.Add((former, null, w / 2, $"former {former}, {note}"));
                    if (RegionNames.ShortForm(former, RegionLevel.County) is { } fs) forms.Add((fs, former, w / 2, $"former {former}, {note}"));
                }
                foreach (var (form, whole, weight, note) in forms)
                {
                    int n = Count(form) - (whole is null ? 0 : Count(whole));
                    if (n <= 0) continue;
                    score += weight * Math.Min(n, 5);
                    if (whole is null && note is null) fullMention = true;
                    words.Add($"text:{form} ×{n}" + (note is null ? "" : $" ({note})"));
                }
            }
            return score;
        }

        private Dictionary<Region, (int Count, string Word)>? _mentions;

        /// <summary>Full names of provinces, cities and counties in the text, with how often each is named.</summary>
        private Dictionary<Region, (int Count, string Word)> Mentions()
        {
            if (_mentions is not null) return _mentions;
            var mentions = new Dictionary<Region, (int Count, string Word)>();
            foreach (var span in g.Scan(_text, agencyForms: false))
                foreach (var e in span.Entries.Select(e => e.Region).Distinct())
                    mentions[e] = mentions.TryGetValue(e, out var m) ? (m.Count + 1, m.Word) : (1, span.Surface);
            return _mentions = mentions;
        }

        private int Count(string word)
        {
            if (_counts.TryGetValue(word, out int n)) return n;
            n = 0;
            for (int at = _text.IndexOf(word, StringComparison.Ordinal); at >= 0; at = _text.IndexOf(word, at + word.Length, StringComparison.Ordinal))
                n++;
            return _counts[word] = n;
        }

        // ---------------------------------------------------------------- text fallback

        private RegionMatch FromText()
        {
            var evidence = new List<string>();
            string agency = RegionNames.Normalize(q?.AgencyName) + RegionNames.Normalize(q?.AgencyShort);
            _notes.Add(agency.Length > 0
                ? $"note: the agency {agency} names no division of the gazetteer; looked in the text"
                : "note: no division named by the agency; looked in the text");

            var mentions = Mentions();

            int CountOf(Region? r) => r is not null && mentions.TryGetValue(r, out var m) ? m.Count : 0;
            foreach (var level in new[] { RegionLevel.County, RegionLevel.City, RegionLevel.Province })
            {
                var ranked = mentions.Where(kv => kv.Key.Level == level && kv.Value.Count >= 2)
                    .Select(kv => (Region: kv.Key, kv.Value.Word, Direct: kv.Value.Count,
                        Score: kv.Value.Count * 3.0 + CountOf(kv.Key.AncestorAt(RegionLevel.City)) * (level < RegionLevel.County ? 0 : 2)
                               + CountOf(kv.Key.Province) * (level == RegionLevel.Province ? 0 : 1)))
                    .OrderByDescending(x => x.Score).ToList();
                if (ranked.Count == 0) continue;
                var best = ranked[0];
                if (ranked.Count > 1 && ranked[1].Score * 2 > best.Score) continue;   // no clear lead at this level

                // Running text uses some district names as words (老城区, 新城区): a county needs its city or province
                // named too; a city needs that or three mentions.
                double around = TextScore(best.Region, out var words, out _);
                if (level == RegionLevel.County && around == 0) { _notes.Add($"note: text names {best.Word} ×{best.Direct} but not its city or province; not taken"); continue; }
                if (level == RegionLevel.City && around == 0 && best.Direct < 3) continue;

                evidence.Add($"text:{best.Word} ×{best.Direct}");
                evidence.AddRange(words);
                bool shared = g.Find(best.Region.Name, level).Count > 1;
                double confidence = level switch { RegionLevel.County => 0.45, RegionLevel.City => 0.4, _ => 0.35 } - (shared ? 0.1 : 0);
                return Match(best.Region, confidence, evidence, _setAside);
            }

            var seen = mentions.OrderByDescending(kv => kv.Value.Count).Take(20).Select(kv => kv.Key).ToList();
            if (seen.Count > 0) _notes.Add("note: the text names these divisions, none often or clearly enough to pick: see candidates");
            else _notes.Add("note: the text names no division of the gazetteer");
            return None(evidence, [.. _setAside, .. seen]);
        }

        // ---------------------------------------------------------------- results

        private RegionMatch Match(Region r, double confidence, List<string> evidence, IEnumerable<Region> candidates)
        {
            var province = r.Province;
            return new RegionMatch(r.Code, province.Name, r.City?.Name, r.County?.Name, r.Township?.Name,
                LevelName(r.Level), Clamp(confidence), [.. evidence, .. _notes], [.. candidates.Distinct().Select(c => c.ToString())]);
        }

        private RegionMatch Ambiguous(List<Region> pool, List<string> evidence, List<Region> candidates)
        {
            Region? common = pool[0].Parent;
            while (common is not null && !pool.All(c => c.IsWithin(common))) common = common.Parent;
            while (common is { IsPlaceholder: true }) common = common.Parent;
            _notes.Add($"note: {pool.Count} divisions fit the agency's name and none stands out; not picked");
            if (common is null) return None(evidence, candidates);
            double confidence = common.Level switch { RegionLevel.County => 0.3, RegionLevel.City => 0.25, _ => 0.2 };
            return Match(common, confidence, evidence, candidates.Concat(_setAside));
        }

        private RegionMatch None(List<string> evidence, IEnumerable<Region> candidates) =>
            new(null, null, null, null, null, "none", candidates.Any() ? 0.1 : 0,
                [.. evidence, .. _notes], [.. candidates.Distinct().Select(c => c.ToString())]);

        private static double Clamp(double c) => Math.Round(Math.Clamp(c, 0.05, 0.98), 2, MidpointRounding.AwayFromZero);
    }
}

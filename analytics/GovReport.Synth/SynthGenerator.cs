using System.Diagnostics;
using System.Globalization;
using System.Text;
using GovReport.Ingest.Regions;

namespace GovReport.Synth;

/// <summary>
/// Generates a synthetic corpus of annual reports, one report at a time (nothing but the current agency's state is
/// kept): agencies from the gazetteer, several consecutive years each, both templates, text and HTML, and defects
/// injected at a controlled rate. The same options give the same reports, byte for byte.
/// </summary>
public static class SynthGenerator
{
    public static IEnumerable<SynthReport> Generate(SynthOptions o)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(o.Reports);
        if (o.DefectRate is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(o), "defect rate must be within 0..1");
        var rng = new Rng(o.Seed);
        var pool = new AgencyPool(Gazetteer.Instance);
        int index = 0;
        // Defect types drawn and not yet placed: a type that does not fit a report (no amount to confuse, no two-digit
        // number to swap) waits for the next report it fits, so the rate and the mix of types hold.
        var owed = new List<string>();
        while (index < o.Reports)
        {
            var agency = pool.Draw(rng);
            var state = new AgencyState { Activity = Math.Exp(0.5 * rng.Normal()) };
            int start = 2019 + rng.Int(0, 6);
            int length = Math.Min(2025 - start + 1, rng.Int(2, 8));
            SynthReport? prev = null;
            for (int year = start; year < start + length && index < o.Reports; year++)
            {
                var truth = ValueModel.Generate(agency, year, state, rng);
                var printed = truth.Clone();
                var published = new DateOnly(year + 1, rng.Int(1, 4), rng.Int(1, 29));
                string format = rng.Chance(o.HtmlShare) ? "html" : "txt";
                string file = FileName(index, agency, format);
                (string Defect, string Field, string Detail)? defect = null;
                bool copyAfter = false;
                if (rng.Chance(o.DefectRate)) owed.Add(DefectType.All[rng.Int(0, DefectType.All.Count)]);
                for (int t = 0; t < owed.Count && defect is null && !copyAfter; t++)
                {
                    string type = owed[t];
                    if (type == DefectType.DuplicatedReport)
                    {
                        if (prev is { IsClean: true } p && p.Template == truth.Template && year == p.Year + 1 && rng.Chance(0.5)
                            && !p.Printed.Values.OrderBy(kv => kv.Key, StringComparer.Ordinal).SequenceEqual(truth.Values.OrderBy(kv => kv.Key, StringComparer.Ordinal)))
                        {
                            printed = p.Printed.Clone();
                            defect = (type, "*", $"the {year} report repeats every table and figure of the {p.Year} report {p.FileName}");
                        }
                        else if (index + 1 < o.Reports) copyAfter = true;
                    }
                    else
                    {
                        var applied = type switch
                        {
                            DefectType.UnitConfusion => Defects.UnitConfusion(printed, rng),
                            DefectType.ColumnShift => Defects.ColumnShift(printed, rng),
                            DefectType.BrokenIdentity => Defects.BrokenIdentity(printed, rng),
                            DefectType.NarrativeMismatch => Defects.NarrativeMismatch(printed, rng),
                            DefectType.ExtremeMagnitude => Defects.ExtremeMagnitude(printed, rng),
                            _ => Defects.SwappedDigits(printed, rng),
                        };
                        if (applied is { } a) defect = (type, a.Field, a.Detail);
                    }
                    if (defect is not null || copyAfter) owed.RemoveAt(t);
                }
                var blocks = Renderer.Layout(agency, year, published, printed, rng);
                string content = format == "html"
                    ? Renderer.Html(blocks, $"{agency.Name}{year.ToString(CultureInfo.InvariantCulture)}年政府信息公开工作年度报告", published)
                    : Renderer.Text(blocks);
                var report = new SynthReport
                {
                    Index = index, FileName = file, Agency = agency, Year = year, PublishedOn = published, Format = format,
                    Truth = truth, Printed = printed, Content = content,
                    Defects = defect is { } d ? [new TruthRow(file, year, agency.Name, d.Defect, d.Field, d.Detail)] : [],
                };
                yield return report;
                index++;
                prev = report;
                if (copyAfter)
                {
                    string copyName = FileName(index, agency, format);
                    yield return new SynthReport
                    {
                        Index = index, FileName = copyName, Agency = agency, Year = year, PublishedOn = published, Format = format,
                        Truth = truth, Printed = printed, Content = content,
                        Defects = [new TruthRow(copyName, year, agency.Name, DefectType.DuplicatedReport, "*", $"the same report published again: byte-identical to {file}")],
                    };
                    index++;
                }
            }
        }
    }

    private static string FileName(int index, SynthAgency a, string format) =>
        $"{index.ToString("D6", CultureInfo.InvariantCulture)}_{Sanitize(a.Id)}.{format}";

    private static string Sanitize(string id) => new([.. id.Where(c => char.IsAsciiLetterOrDigit(c) || c == '-')]);

    /// <summary>What <see cref="Write"/> wrote.</summary>
    public sealed record Summary(int Reports, int Html, int Defective, IReadOnlyDictionary<string, int> ByDefect, long Bytes, TimeSpan Elapsed);

    /// <summary>
    /// Writes the corpus into <paramref name="outDir"/>: the report files, <c>truth.csv</c> (one row per injected
    /// defect) and <c>manifest.csv</c> (one row per file). Streams: each report is written and dropped.
    /// </summary>
    public static Summary Write(SynthOptions o, string outDir, Action<int>? progress = null)
        => Write(Generate(o), DefectType.All, outDir, progress);

    /// <summary>Writes <paramref name="reports"/> with their truth and manifest rows, counting <paramref name="defectTypes"/>.</summary>
    internal static Summary Write(IEnumerable<SynthReport> reports, IEnumerable<string> defectTypes, string outDir, Action<int>? progress)
    {
        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(outDir);
        var utf8 = new UTF8Encoding(false);
        using var truth = new StreamWriter(Path.Combine(outDir, "truth.csv"), false, utf8) { NewLine = "\n" };
        using var manifest = new StreamWriter(Path.Combine(outDir, "manifest.csv"), false, utf8) { NewLine = "\n" };
        truth.WriteLine("file,report_year,agency,defect,field,detail");
        manifest.WriteLine("file,report_year,agency,agency_id,level,region_code,template,format,published,defect");
        int n = 0, html = 0, defective = 0; long bytes = 0;
        var byDefect = defectTypes.ToDictionary(d => d, _ => 0, StringComparer.Ordinal);
        foreach (var r in reports)
        {
            byte[] data = utf8.GetBytes(r.Content);
            File.WriteAllBytes(Path.Combine(outDir, r.FileName), data);
            bytes += data.Length;
            n++;
            if (r.Format == "html") html++;
            if (!r.IsClean) defective++;
            foreach (var t in r.Defects)
            {
                byDefect[t.Defect]++;
                truth.WriteLine(Csv(t.File, t.ReportYear.ToString(CultureInfo.InvariantCulture), t.Agency, t.Defect, t.Field, t.Detail));
            }
            manifest.WriteLine(Csv(r.FileName, r.Year.ToString(CultureInfo.InvariantCulture), r.Agency.Name, r.Agency.Id, r.Agency.Level,
                r.Agency.RegionCode, r.Template, r.Format, r.PublishedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                r.Defects.Count > 0 ? r.Defects[0].Defect : ""));
            if (n % 1000 == 0) progress?.Invoke(n);
        }
        return new Summary(n, html, defective, byDefect, bytes, clock.Elapsed);
    }

    public static string Csv(params string[] cells) => string.Join(',', cells.Select(c =>
        c.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + c.Replace("\"", "\"\"") + "\"" : c));
}

using System.Text;

namespace GovReport.Site;

public sealed partial class SiteBuilder
{
    /// <summary>Agencies per batch: their facts, checks and source texts are read together, then rendered in parallel. At
    /// 100,000 reports, 300 against 1,000 (side by side, idle machine): 108 s / 2.19 GB against 117 s / 2.83 GB.</summary>
    private const int AgencyBatch = 300;

    private static readonly (string Key, string Label)[] ApplicantColumns =
    [
        ("natural_person", "自然人"), ("commercial_enterprise", "商业企业"), ("research_institution", "科研机构"),
        ("public_interest_org", "社会公益组织"), ("legal_service_org", "法律服务机构"), ("other_org", "其他"), ("total", "总计"),
    ];

    private static readonly string[] YoyChartMetrics = ["applications_received", "penalty_decisions", "license_decisions", "review_cases", "litigation_cases"];

    private bool _agencyCharts = true;

    private sealed record Batch(
        ILookup<string, FactRow> Facts, ILookup<string, CheckRow> Checks, ILookup<string, FlagRow> Flags, ILookup<string, RankRow> Ranks,
        ILookup<string, MetricRow> Metrics, ILookup<string, YoyRow> Yoy, ILookup<string, DiagnosticRow> Diagnostics,
        ILookup<string, NarrativeRow> Narrative, IReadOnlyDictionary<string, string> Sources, IReadOnlyDictionary<string, QualityRow> Quality);

    private void AgencyPages()
    {
        var flagsByReport = _flags.ToLookup(f => f.ReportId);
        var trace = Environment.GetEnvironmentVariable("GOVREPORT_TRACE") is "1" or "gc";
        var times = new double[10];
        // Batches follow the storage order (a corpus usually keeps an agency's years together), and each batch reads
        // only its row range of the two wide tables instead of scanning them whole.
        var factRows = _db.RowIds("report_facts", CanonicalId);
        var sourceRows = _db.RowIds("source_texts", CanonicalId);
        long FirstRow(Agency a) => a.Reports.Min(r => factRows.GetValueOrDefault(r.ReportId, long.MaxValue));
        // An incremental build renders only the agencies whose inputs changed (see Plan).
        var chunks = _agencies.Where(a => !_kept.Contains(a.Id)).OrderBy(FirstRow).ThenBy(a => a.Key, StringComparer.Ordinal).Chunk(AgencyBatch).ToList();
        var staged = chunks.SelectMany((chunk, k) => chunk.SelectMany(a => a.Reports).Select(r => (r.ReportId, k))).ToList();
        _db.StageBatches([.. staged.Select(x => x.ReportId)], [.. staged.Select(x => x.k)]);
        Batch Fetch(Agency[] chunk, int k)
        {
            var ids = chunk.SelectMany(a => a.Reports).Select(r => r.ReportId).ToList();
            var fr = ids.Where(factRows.ContainsKey).Select(id => factRows[id]).DefaultIfEmpty(0).ToList();
            var sr = ids.Where(sourceRows.ContainsKey).Select(id => sourceRows[id]).DefaultIfEmpty(0).ToList();
            var sw = System.Diagnostics.Stopwatch.StartNew();
            T Timed<T>(int i, Func<T> f) { var t = sw.Elapsed.TotalSeconds; var x = f(); times[i] += sw.Elapsed.TotalSeconds - t; return x; }
            return new Batch(
                Timed(0, () => _db.Facts(ids, fr.Min(), fr.Max()).ToLookup(f => f.ReportId)), Timed(1, () => _db.Checks(k).ToLookup(c => c.ReportId)), flagsByReport,
                Timed(2, () => BatchRanks(k).ToLookup(r => r.ReportId)), Timed(3, () => _db.Metrics(k).ToLookup(m => m.ReportId)),
                Timed(4, () => _db.Yoy(k).ToLookup(y => y.ReportId)), Timed(5, () => _db.Diagnostics(k).ToLookup(d => d.ReportId)),
                Timed(6, () => _db.Narrative(k).ToLookup(n => n.ReportId)), Timed(7, () => _db.SourceTexts(ids, sr.Min(), sr.Max())), Timed(8, () => BatchQuality(k)));
        }
        // The next batch is read while this one is rendered: rendering never touches the database, and the two
        // overlap on a second core instead of taking turns.
        Task<Batch>? next = chunks.Count > 0 ? Task.Run(() => Fetch(chunks[0], 0)) : null;
        for (int i = 0; i < chunks.Count; i++)
        {
            var batch = next!.GetAwaiter().GetResult();
            var following = i + 1 < chunks.Count ? chunks[i + 1] : null;
            int k = i + 1;
            next = following is null ? null : Task.Run(() => Fetch(following, k));
            var render = System.Diagnostics.Stopwatch.StartNew();
            Parallel.ForEach(chunks[i], a =>
            {
                AgencyPage(a, batch);
                foreach (var r in a.Reports) SourcePage(r, batch);
            });
            times[9] += render.Elapsed.TotalSeconds;
            if (trace) Console.Error.WriteLine("site: agencies " + string.Join(" ", new[] { "facts", "checks", "ranks", "metrics", "yoy", "diag", "narr", "src", "quality", "render" }.Select((n, j) => $"{n} {times[j]:0.0}")) + $" ({MemoryNow()})");
        }
        _db.DropBatches();
    }

    /// <summary>
    /// The batch's county ranks, and the year and agency level of each national group (the ranking page section the
    /// agency page links to), from <c>site_peer_ranks</c> (built for the ranking pages: one row per report and metric
    /// with its four peer groups; staged by batch) rather than from <c>rankings</c>, which holds four rows per report and metric.
    /// </summary>
    private IEnumerable<RankRow> BatchRanks(int batch)
    {
        foreach (var r in _db.Rows($"""
            SELECT report_id, metric, value, year, agency_level, nation_rank, nation_size, county_rank, county_size
            FROM site_b_ranks WHERE batch = {batch} ORDER BY report_id, metric
            """))
        {
            string id = r.GetString(0), metric = r.GetString(1), level = r.IsDBNull(4) ? "" : r.GetString(4);
            double value = r.IsDBNull(2) ? 0 : Convert.ToDouble(r.GetValue(2), Html.Inv);
            int year = r.IsDBNull(3) ? 0 : Convert.ToInt32(r.GetValue(3), Html.Inv);
            foreach (var (pg, k) in new[] { ("nation", 5), ("county", 7) })
                if (!r.IsDBNull(k))
                    yield return new RankRow(id, metric, value, pg, "", level, year, Convert.ToInt64(r.GetValue(k)), Convert.ToInt64(r.GetValue(k + 1)), 0);
        }
    }

    private void AgencyPage(Agency a, Batch b)
    {
        string path = a.Url;
        var sb = new StringBuilder();
        var latest = a.Latest;
        sb.Append($"<nav class=\"crumbs\" aria-label=\"所在地区\">{RegionLinks(path, latest)}</nav>\n");
        sb.Append($"<h1>{Html.E(a.Name)}</h1>\n");
        var names = a.Reports.Select(r => r.AgencyName).Where(n => n is not null && n != a.Name).Distinct().ToList();
        sb.Append($"<p class=\"lead\">{Html.E(a.Level)} · {Html.E(latest.RegionPath == "" ? "地区未定" : latest.RegionPath)}" +
                  (latest.RegionCode is null ? "" : $" · 区划代码 {Html.E(latest.RegionCode)}") + $" · {a.Reports.Count} 份报告" +
                  (names.Count == 0 ? "" : $" · 报告中的全称：{string.Join("、", names.Select(Html.E))}") + "</p>\n");
        if (latest.RegionCode is null)
            sb.Append("<p class=\"note\">未能把这个机关对应到全国行政区划（名称在多处出现且报告中没有足够的上下文，或名称未能识别），只参加全国排名。</p>\n");

        // The reports, newest first.
        var trs = a.Reports.Select(r =>
        {
            var cc = _checkCounts.GetValueOrDefault(r.ReportId);
            int flags = b.Flags[r.ReportId].Count();
            return $"<tr><td><a href=\"#r-{Html.Slug(r.ReportId)}\">{YearText(r)}</a></td><td>{TemplateLabel(r.Template)}</td><td>{FormLabel(r.Form)}</td>" +
                   $"<td>{Html.E(r.PublishedOn ?? "—")}</td>{Layout.NumCell(r.FactCount == 0 ? null : (double)r.ReportedCount / r.FactCount, "比例")}" +
                   $"<td class=\"num\" data-v=\"{cc.Failed}\">{(cc.Failed > 0 ? $"<span class=\"bad\">{cc.Failed} 项未通过</span>" : "通过")}</td>" +
                   $"<td class=\"num\" data-v=\"{flags}\">{flags}</td><td class=\"num\" data-v=\"{r.Warnings + r.Errors}\">{r.Warnings + r.Errors}</td>" +
                   (b.Quality.TryGetValue(r.ReportId, out var q) ? Layout.NumCell(Math.Round(q.Score, 1), null, $"#r-{Html.Slug(r.ReportId)}-quality") : "<td class=\"num\">—</td>") + "</tr>";
        });
        sb.Append("<h2 id=\"reports\">报告</h2>\n");
        sb.Append(Layout.Table(null, "各年度报告", ["年度", "模板", "文件形式", "发布日期", "已填字段", "勾稽检查", "异常", "解析警告", "质量得分"], trs, DataHref(path, "reports")));

        // Year over year.
        string? chart = null;
        var yoy = a.Reports.SelectMany(r => b.Yoy[r.ReportId]).OrderBy(y => y.Metric, StringComparer.Ordinal).ThenBy(y => y.Year).ToList();
        if (a.Reports.Select(r => r.Year).Distinct().Count() >= 2)
        {
            sb.Append("<h2 id=\"yoy\">逐年变化</h2>\n");
            var series = YoyChartMetrics.Where(_metricByName.ContainsKey).Select(m =>
                (Label: MetricLabel(m), Points: a.Reports.Where(r => r.Year is not null).OrderBy(r => r.Year)
                    .SelectMany(r => b.Metrics[r.ReportId].Where(x => x.Metric == m).Select(x => (r.Year!.Value, x.Value))).ToList()))
                .Where(s => s.Points.Count >= 2).ToList();
            if (series.Count > 0 && _agencyCharts)
            {
                sb.Append(LineChart($"charts/agency-{a.Id}", $"{a.Name}：逐年变化", series, path));
                chart = $"charts/agency-{a.Id}.svg";
            }
            if (yoy.Count > 0)
                sb.Append(Layout.Table(null, "与上一份报告相比", ["指标", "年度", "上年", "本年", "变化", "可比性"], csvHref: DataHref(path, "yoy"), rowsHtml: yoy.Select(y =>
                    $"<tr><td>{Html.E(MetricLabel(y.Metric))}</td><td>{y.PrevYear}→{y.Year}{(y.Gap ? "（中间缺年）" : "")}</td>" +
                    $"{Layout.NumCell(y.PrevValue, MetricUnit(y.Metric))}{Layout.NumCell(y.Value, MetricUnit(y.Metric))}" +
                    $"<td class=\"num\" data-v=\"{Html.Raw(y.Change)}\">{(y.Change > 0 ? "+" : "")}{Html.Num(y.Change)}{(y.ChangeRatio is { } cr ? $"（{(cr > 0 ? "+" : "")}{Html.Pct(cr)}）" : "")}</td>" +
                    $"<td>{ComparabilityText(y.Comparability)}</td></tr>")));
        }

        foreach (var r in a.Reports) ReportSection(sb, path, r, b);

        // The agency's fields side by side, one column per report (the detail per cell is in data/facts).
        var reps = a.Reports.OrderBy(r => r.Year ?? 0).ThenBy(r => r.ReportId, StringComparer.Ordinal).ToList();
        var byReport = reps.Select(r => b.Facts[r.ReportId].ToDictionary(f => f.Field)).ToList();
        var fieldsUsed = _fields.Where(fd => byReport.Any(d => d.ContainsKey(fd.Field))).ToList();
        _w.Bytes_($"agency/{a.Id}.csv", Export.Csv(
            ["field", "label", .. reps.Select(r => $"{r.Year?.ToString(Html.Inv) ?? "?"} {r.ReportId}")],
            fieldsUsed.Select(fd => (IReadOnlyList<object?>)[fd.Field, fd.Label,
                .. byReport.Select(d => d.TryGetValue(fd.Field, out var f) ? (f.Status == "reported" ? (object?)f.Value : f.Status) : null)])));
        Page(path, a.Name, sb, $"{a.Name}的政府信息公开工作年度报告：各项数字、勾稽检查、异常与同级比较");
        // The files this agency's pages are: an incremental build keeps them together or renders them together.
        _agencyFiles[a.Id] = [path, $"agency/{a.Id}.csv", .. chart is null ? Array.Empty<string>() : [chart],
            .. a.Reports.Select(r => $"source/{Html.Slug(r.ReportId)}.html")];
    }

    private static string YearText(ReportRow r) => r.Year is { } y ? $"{y} 年度" : "年度未定";

    private static string ComparabilityText(string c) => c switch
    {
        "comparable" => "可比",
        "comparable across templates" => "跨模板可比",
        _ when c.StartsWith("approximate", StringComparison.Ordinal) => "近似可比：" + Html.E(c),
        _ => Html.E(c),
    };

    private IEnumerable<FactRow> OrderedFacts(IEnumerable<FactRow> facts)
        => facts.OrderBy(f => _fieldByName.TryGetValue(f.Field, out var d) ? d.Order : int.MaxValue).ThenBy(f => f.Field, StringComparer.Ordinal);

    private void ReportSection(StringBuilder sb, string path, ReportRow r, Batch b)
    {
        string rid = Html.Slug(r.ReportId);
        sb.Append($"<section class=\"report\" id=\"r-{rid}\">\n<h2>{YearText(r)}报告</h2>\n");
        sb.Append($"<p class=\"muted\">{TemplateLabel(r.Template)} · {FormLabel(r.Form)} · 文件 {Html.E(r.FileName)} · 报告编号 {rid}" +
                  (r.PublishedOn is null ? "" : $" · 发布于 {Html.E(r.PublishedOn)}") + $" · <a href=\"{SourceHref(path, r.ReportId, null)}\">查看原文</a></p>\n");
        if (r.Template == "unknown") sb.Append("<p class=\"note\">未能识别模板版本，表格可能未读出。</p>\n");

        sb.Append(QualityBlock(path, r, b.Quality));
        // Flags and checks next: that is what a supervisor and an auditor come for.
        var flags = b.Flags[r.ReportId].ToList();
        sb.Append($"<h3 id=\"r-{rid}-flags\">异常（{flags.Count}）</h3>\n");
        if (flags.Count == 0) sb.Append("<p>没有异常。</p>\n");
        else
        {
            sb.Append("<ul class=\"flag-list\">\n");
            foreach (var f in flags) sb.Append(FlagItem(path, f).Replace("<li class=\"flag", $"<li id=\"f-{Html.Slug(f.FlagId)}\" class=\"flag")).Append('\n');
            sb.Append("</ul>\n");
        }
        var checks = b.Checks[r.ReportId].ToList();
        if (checks.Count > 0)
        {
            // The failed checks in full; the passed and not applicable ones by name (each links to its rule), so a
            // report's page does not repeat twenty rule descriptions that say nothing about it.
            var failed = checks.Where(c => c.Status == "failed").OrderBy(c => c.RuleId, StringComparer.Ordinal).ToList();
            if (failed.Count > 0)
                sb.Append(Layout.Table(null, "一致性检查未通过（勾稽关系等）", ["规则", "说明", "结果", "应为", "实为", "详情", "原文"], csvHref: DataHref(path, "checks"), rowsHtml: failed
                    .Select(c => $"<tr class=\"st-failed\"><td>{Html.E(c.RuleId)}</td><td>{Html.E(_ruleById.TryGetValue(c.RuleId, out var rd) ? rd.Description : "")}</td>" +
                                 $"<td>{Html.CheckStatus(c.Status)}</td>{Layout.NumCell(c.Expected)}{Layout.NumCell(c.Actual)}<td>{Html.E(c.Detail ?? "")}</td>" +
                                 $"<td>{LinesLinks(path, r.ReportId, c.Lines)}</td></tr>")));
            string root = Layout.Root(path);
            string Names(IEnumerable<CheckRow> cs) => string.Join("、", cs.OrderBy(c => c.RuleId, StringComparer.Ordinal)
                .Select(c => _ruleById.ContainsKey(c.RuleId) ? $"<a href=\"{root}methodology.html#rule-{Html.Slug(c.RuleId)}\">{Html.E(c.RuleId)}</a>" : Html.E(c.RuleId)));
            var passed = checks.Where(c => c.Status == "passed").ToList();
            var other = checks.Where(c => c.Status is not ("failed" or "passed")).ToList();
            sb.Append($"<p class=\"checks-summary\">一致性检查 {checks.Count} 项：{(failed.Count == 0 ? "全部通过或不适用。" : $"<span class=\"bad\">{failed.Count} 项未通过</span>（见上表）。")}" +
                      (passed.Count > 0 ? $"<br>通过 {passed.Count} 项：{Names(passed)}" : "") +
                      (other.Count > 0 ? $"<br><span class=\"muted\">不适用（所需字段未填报）{other.Count} 项：{Names(other)}</span>" : "") +
                      (DataHref(path, "checks") is { } all ? $"<br><a href=\"{all}\">全部检查结果</a>" : "") + "</p>\n");
        }

        // Position among peers: the county rank only, the comparison a county makes among its own sub-districts. The
        // ranks in the city, the province and the nation move whenever a report anywhere is added; they are on the
        // ranking pages and in each ranking's CSV, linked per metric, so this page changes only with its own data.
        var ranks = b.Ranks[r.ReportId].ToLookup(x => x.Metric);
        var metrics = b.Metrics[r.ReportId].OrderBy(m => _metricOrder.GetValueOrDefault(m.Metric, -1)).ToList();
        if (metrics.Count > 0)
        {
            string root = Layout.Root(path);
            string County(string metric) => ranks[metric].FirstOrDefault(x => x.PeerGroup == "county") is { } x ? $"{x.Rank}/{x.GroupSize}" : "—";
            string Wider(string metric)
            {
                if (ranks[metric].FirstOrDefault(x => x.PeerGroup == "nation") is not { } n) return "<td>—</td>";
                string slug = Html.Slug(metric);
                return $"<td><a href=\"{root}ranking/{slug}.html#y{n.Year}-{LevelSlug(n.Level)}\">{n.Year} 年度{Html.E(n.Level)}排行</a> · " +
                       $"<a href=\"{root}ranking/{slug}.csv\">全部名次（CSV）</a></td>";
            }
            sb.Append(Layout.Table(null, "同级比较：县内名次（名次/同组报告数；同一县内、同一年度、同类机关）", ["指标", "数值", "县内名次", "市内、省内、全国名次"], csvHref: DataHref(path, "rankings"), rowsHtml: metrics.Select(m =>
                $"<tr><td><a href=\"{root}ranking/{Html.Slug(m.Metric)}.html\">{Html.E(MetricLabel(m.Metric))}</a></td>" +
                $"{Layout.NumCell(m.Value, m.Unit, m.Lines.Count > 0 ? SourceHref(path, r.ReportId, m.Lines.Min()) : null)}" +
                $"<td class=\"num\">{County(m.Metric)}</td>{Wider(m.Metric)}</tr>")));
            sb.Append("<p class=\"muted\">市内、省内和全国名次随各地新报告的加入而变化，不在本页列出：排行榜列出每组前列的报告，" +
                      "全部名次 CSV 中每份报告一行（按报告编号查找），含全国名次、百分位及省内、市内、县内名次。</p>\n");
        }

        // The report's own tables.
        var facts = b.Facts[r.ReportId].ToDictionary(f => f.Field);
        var diagFields = b.Diagnostics[r.ReportId].Where(d => d.Severity != "info" && d.Field is not null).Select(d => d.Field!).ToHashSet();
        string csv = Path.GetFileName(_agencyOfReport[r.ReportId].Url).Replace(".html", ".csv");
        string src = SourceHref(path, r.ReportId, null) + "#L";
        sb.Append(TableTwo(src, facts, diagFields, csv));
        sb.Append(TableThree(src, facts, diagFields, csv));
        sb.Append(TableFour(src, facts, diagFields, csv));

        var narrative = b.Narrative[r.ReportId].ToList();
        if (narrative.Count > 0)
            sb.Append(Layout.Table(null, "正文中的数字", ["内容", "数值", "原文", "行"], csvHref: DataHref(path, "narrative_facts"), rowsHtml: narrative.Select(n =>
                $"<tr><td>{NarrativeLabel(n.Name)}</td><td class=\"num\">{Html.Num(n.Value)}</td><td>{Html.E(n.Raw ?? "")}</td><td>{LinesLinks(path, r.ReportId, n.Line is { } l ? [l] : [])}</td></tr>")));
        var diags = b.Diagnostics[r.ReportId].ToList();
        if (diags.Count > 0)
            sb.Append(Layout.Table(null, "解析诊断（读取时注意到、假定或未能读出的内容）", ["级别", "代码", "说明", "字段", "行"], csvHref: DataHref(path, "diagnostics"), sortable: false, rowsHtml: diags.Select(d =>
                $"<tr class=\"sev-{Html.Slug(d.Severity)}\"><td>{Html.Severity(d.Severity)}</td><td>{Html.E(d.Code)}</td><td>{Html.E(d.Message)}</td><td>{Html.E(d.Field ?? "")}</td>" +
                $"<td>{LinesLinks(path, r.ReportId, d.Line is { } l ? [l] : [])}</td></tr>")));
        sb.Append("</section>\n");
    }

    private static string NarrativeLabel(string name) => name switch
    {
        "narrative_proactive_items" => "主动公开信息总数",
        "narrative_applications_received" => "收到政府信息公开申请",
        _ => Html.E(name),
    };

    /// <summary>
    /// A value cell linked to its line in the source (<paramref name="srcPrefix"/> is the report's source page and
    /// "#L"); the raw text and unit in the tooltip. Appended in place: a report has about two hundred of them.
    /// </summary>
    private static void ValueCell(StringBuilder sb, string srcPrefix, FactRow? f, HashSet<string> diagFields)
    {
        if (f is null) { sb.Append("<td class=\"num missing\">—</td>"); return; }
        // Reported is the usual case and needs no class (the stylesheet marks the others).
        sb.Append("<td class=\"num");
        if (f.Status != "reported") sb.Append(" st-").Append(Html.Slug(f.Status));
        if (f.UnitSource == "assumed") sb.Append(" assumed");
        if (diagFields.Contains(f.Field)) sb.Append(" diag");
        sb.Append('"');
        // A tooltip only where the cell says more than the number: its own wording, or a unit that was not the template's.
        bool informative = f.UnitSource is "cell" or "header" or "assumed";
        if (!informative && f.Raw is not null && f.Status == "reported" && f.Value is { } rv)
        {
            Span<char> num = stackalloc char[64];
            informative = !rv.TryFormat(num, out int len, "0.####", Html.Inv) || !f.Raw.AsSpan().Trim().SequenceEqual(num[..len]);
        }
        if (informative)
            sb.Append(" title=\"").Append(Html.E((f.Raw is null ? "" : $"原文“{f.Raw}”") + (f.Unit is null ? "" : $" · 单位 {f.Unit}（{UnitSourceText(f.UnitSource)}）"))).Append('"');
        sb.Append('>');
        bool link = f.Line is > 0;
        if (link) sb.Append("<a href=\"").Append(srcPrefix).Append(f.Line!.Value).Append("\">");
        if (f.Status == "reported" && f.Value is { } v) { sb.Append(Html.Num(v)); if (f.UnitSource == "assumed") sb.Append('*'); }
        else sb.Append(Html.FactStatus(f.Status));
        if (link) sb.Append("</a>");
        sb.Append("</td>");
    }

    private static string UnitSourceText(string? s) => s switch
    {
        "cell" => "单元格写明", "header" => "表头写明", "template" => "模板规定", "assumed" => "推定，见诊断", _ => Html.E(s),
    };

    /// <param name="src">The report's source page and "#L", for the value cells' links.</param>
    private string TableTwo(string src, Dictionary<string, FactRow> facts, HashSet<string> diag, string csv)
    {
        var defs = _fields.Where(f => f.Section == "二" && facts.ContainsKey(f.Field)).ToList();
        if (defs.Count == 0) return "";
        var rows = new List<string>();
        var row = new StringBuilder(256);
        string? lastItem = null;
        foreach (var d in defs)
        {
            var parts = d.Label.Split(" / ");
            string item = parts.Length >= 2 ? parts[^2] : d.Label, col = parts[^1];
            string clause = parts.Length >= 3 ? parts[0] : "";
            row.Clear().Append("<tr><td>").Append(item == lastItem ? "" : Html.E(clause)).Append("</td><th scope=\"row\">").Append(item == lastItem ? "" : Html.E(item))
               .Append("</th><td>").Append(Html.E(col)).Append("</td>");
            ValueCell(row, src, facts[d.Field], diag);
            rows.Add(row.Append("</tr>").ToString());
            lastItem = item;
        }
        return "<h3>二、主动公开政府信息情况</h3>\n" + Layout.Table(null, "表二（金额以元计；带 * 的单位为推定）", ["条款", "信息内容", "项目", "数值"], rows, csv, sortable: false, cssClass: "report-table");
    }

    private string TableThree(string src, Dictionary<string, FactRow> facts, HashSet<string> diag, string csv)
    {
        var defs = _fields.Where(f => f.Section == "三" && facts.ContainsKey(f.Field) && f.Field.Contains("__", StringComparison.Ordinal)).ToList();
        if (defs.Count == 0) return "";
        var rowKeys = defs.Select(d => d.Field[..d.Field.IndexOf("__", StringComparison.Ordinal)]).Distinct().ToList();
        var rows = new List<string>();
        var row = new StringBuilder(1024);
        foreach (var key in rowKeys)
        {
            var first = _fieldByName.TryGetValue(key + "__total", out var tot) ? tot : defs.First(d => d.Field.StartsWith(key + "__", StringComparison.Ordinal));
            var label = first.Label;
            foreach (var suffix in new[] { " / 总计", " / 自然人" }) if (label.EndsWith(suffix, StringComparison.Ordinal)) label = label[..^suffix.Length];
            row.Clear().Append("<tr><th scope=\"row\">").Append(Html.E(label)).Append("</th>");
            foreach (var c in ApplicantColumns) ValueCell(row, src, facts.GetValueOrDefault(key + "__" + c.Key), diag);
            rows.Add(row.Append("</tr>").ToString());
        }
        return "<h3>三、收到和处理政府信息公开申请情况</h3>\n" +
               Layout.Table(null, "表三（申请人情况：自然人；法人或其他组织：商业企业、科研机构、社会公益组织、法律服务机构、其他）", ["", .. ApplicantColumns.Select(c => c.Label)], rows, csv, sortable: false, cssClass: "report-table matrix");
    }

    private string TableFour(string src, Dictionary<string, FactRow> facts, HashSet<string> diag, string csv)
    {
        (string Prefix, string Label)[] groups = [("s4_review_", "行政复议"), ("s4_suit_direct_", "行政诉讼 · 未经复议直接起诉"), ("s4_suit_after_review_", "行政诉讼 · 复议后起诉")];
        (string Key, string Label)[] cols = [("upheld", "结果维持"), ("corrected", "结果纠正"), ("other", "其他结果"), ("pending", "尚未审结"), ("total", "总计")];
        if (!groups.Any(g => cols.Any(c => facts.ContainsKey(g.Prefix + c.Key)))) return "";
        var rows = groups.Select(g =>
        {
            var row = new StringBuilder(512).Append("<tr><th scope=\"row\">").Append(g.Label).Append("</th>");
            foreach (var c in cols) ValueCell(row, src, facts.GetValueOrDefault(g.Prefix + c.Key), diag);
            return row.Append("</tr>").ToString();
        });
        return "<h3>四、政府信息公开行政复议、行政诉讼情况</h3>\n" + Layout.Table(null, "表四", ["", .. cols.Select(c => c.Label)], rows, csv, sortable: false, cssClass: "report-table");
    }

    /// <summary>The decoded source text, one anchor per line, lines that gave a value marked.</summary>
    private void SourcePage(ReportRow r, Batch b)
    {
        string path = $"source/{Html.Slug(r.ReportId)}.html";
        var text = b.Sources.GetValueOrDefault(r.ReportId) ?? "";
        var used = b.Facts[r.ReportId].Where(f => f.Line is > 0).GroupBy(f => f.Line!.Value).ToDictionary(g => g.Key, g => g.Select(f => f.Field).ToList());
        var flagged = b.Flags[r.ReportId].SelectMany(f => f.Lines).ToHashSet();
        var a = _agencyOfReport[r.ReportId];
        var sb = new StringBuilder(text.Length * 2 + 1024);
        sb.Append($"<nav class=\"crumbs\"><a href=\"../{a.Url}#r-{Html.Slug(r.ReportId)}\">{Html.E(a.Name)} · {YearText(r)}</a></nav>\n");
        sb.Append($"<h1>原文：{Html.E(a.Name)} {YearText(r)}报告</h1>\n");
        sb.Append($"<p class=\"muted\">文件 {Html.E(r.FileName)} · {FormLabel(r.Form)} · 报告编号 {Html.Slug(r.ReportId)}。这是读取时解码得到的文本（表格每格一行）；" +
                  "标蓝的行给出了表格中的数值，标红的行是异常所依据的行。行号与数据库中 facts.line 一致。</p>\n<ol class=\"source\">\n");
        // Lines as ingest numbered them (facts.line): split on '\n', a trailing '\r' dropped.
        int n = 0;
        for (int start = 0; start <= text.Length;)
        {
            int end = text.IndexOf('\n', start);
            if (end < 0) end = text.Length;
            var line = text.AsSpan(start, end - start);
            if (line.EndsWith("\r")) line = line.TrimEnd('\r');
            n++;
            sb.Append("<li id=\"L").Append(n).Append('"');
            if (flagged.Contains(n)) sb.Append(" class=\"flagged\"");
            else if (used.ContainsKey(n)) sb.Append(" class=\"used\"");
            if (used.TryGetValue(n, out var fs)) sb.Append(" title=\"").Append(Html.E(string.Join(", ", fs))).Append('"');
            sb.Append('>');
            Html.AppendE(sb, line);
            sb.Append("</li>\n");
            start = end + 1;
        }
        sb.Append("</ol>\n");
        Page(path, $"原文 · {a.Name} {YearText(r)}", sb);
    }
}

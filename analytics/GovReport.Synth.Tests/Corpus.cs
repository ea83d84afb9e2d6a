namespace GovReport.Synth.Tests;

/// <summary>Corpora generated once per test run (in memory; the generator itself streams).</summary>
internal static class Corpus
{
    private static readonly Lazy<List<SynthReport>> s_clean = new(() => [.. SynthGenerator.Generate(new SynthOptions(600, 20261123, 0.10, 0.3))]);
    private static readonly Lazy<List<SynthReport>> s_defects = new(() => [.. SynthGenerator.Generate(new SynthOptions(1500, 4242, 0.35, 0.3))]);

    /// <summary>600 reports at the default defect rate.</summary>
    public static List<SynthReport> Default => s_clean.Value;
    /// <summary>1,500 reports with a defect in about a third of them.</summary>
    public static List<SynthReport> Defective => s_defects.Value;
}

using System.Globalization;
using GovReport.Ingest.Fuzz;

// dotnet run -c Release --project ingest/GovReport.Ingest.Fuzz -- --inputs N --seconds S [--seed K] [--limit-ms MS] [--out DIR]
var o = new FuzzOptions();
for (int i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    switch (args[i])
    {
        case "--inputs": o = o with { Inputs = long.Parse(Next(), CultureInfo.InvariantCulture) }; break;
        case "--seconds": o = o with { Seconds = double.Parse(Next(), CultureInfo.InvariantCulture) }; break;
        case "--seed": o = o with { Seed = int.Parse(Next(), CultureInfo.InvariantCulture) }; break;
        case "--limit-ms": o = o with { PerInputLimit = TimeSpan.FromMilliseconds(int.Parse(Next(), CultureInfo.InvariantCulture)) }; break;
        case "--out": o = o with { CrashDir = Next() }; break;
        case "--fixtures": o = o with { FixtureDir = Next() }; break;
        case "-h" or "--help":
            Console.WriteLine("govreport fuzz: --inputs N (default 20000) --seconds S (default 60) --seed K --limit-ms MS (default 10000) --out DIR (crashers) --fixtures DIR");
            return 0;
        default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
    }
}
var result = Fuzzer.Run(o, line => Console.WriteLine(line));
Console.WriteLine(result.Summary());
return result.Crashes.Count + result.Hangs.Count == 0 ? 0 : 1;

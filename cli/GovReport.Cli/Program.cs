using GovReport.Cli;

try
{
    return await GovReportCli.Build().Parse(args).InvokeAsync();
}
catch (Exception ex) when (ex is not OutOfMemoryException)
{
    // Commands report expected failures themselves; this is the last line for the unexpected.
    Console.Error.WriteLine($"govreport: unexpected error: {ex.GetType().Name}: {ex.Message.Split('\n')[0]}");
    return ExitCodes.Failure;
}

using GovReport.Cli;

return await GovReportCli.Build().Parse(args).InvokeAsync();

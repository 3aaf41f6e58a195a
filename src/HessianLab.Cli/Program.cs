using HessianLab.Cli;

return CliApp.Run(args);

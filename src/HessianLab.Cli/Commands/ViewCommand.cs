using System.ComponentModel;
using System.Runtime.InteropServices;
using HessianLab.Viewer.Matrix;
using HessianLab.Viewer.Server;
using Spectre.Console;
using Spectre.Console.Cli;

namespace HessianLab.Cli.Commands;

/// <summary>`hessianlab view DIR [--port N] [--pooling max|mean] [--matrix FILE]`: a local, read-only web viewer
/// of the folder's Hessian (zoom to single entries); Ctrl-C stops it.</summary>
public sealed class ViewCommand : Command<ViewCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<DIR>")]
        [Description("Result folder holding hessian.npy (or one 2-D .npy matrix), e.g. the --out of `hessianlab hessian`.")]
        public string Dir { get; init; } = "";

        [CommandOption("--port <N>")]
        [Description("Port on 127.0.0.1 (default 0: a free one, printed).")]
        public int Port { get; init; }

        [CommandOption("--pooling <KIND>")]
        [Description("How zoomed-out pixels pool their entries: max (default, max |H|) or mean (signed mean).")]
        public string Pooling { get; init; } = "max";

        [CommandOption("--matrix <FILE>")]
        [Description("The .npy matrix inside DIR (default hessian.npy, else the folder's only 2-D .npy).")]
        public string? Matrix { get; init; }

        public override ValidationResult Validate()
        {
            if (Port is < 0 or > 65535) return ValidationResult.Error($"--port must be in [0, 65535], got {Port}");
            if (Pooling is not ("max" or "mean")) return ValidationResult.Error($"--pooling must be max or mean, got '{Pooling}'");
            if (!Directory.Exists(Dir)) return ValidationResult.Error($"DIR '{Dir}' is not a folder");
            return ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        var options = new ViewerOptions(s.Dir, s.Matrix, s.Port, s.Pooling == "mean" ? Viewer.Matrix.Pooling.Mean : Viewer.Matrix.Pooling.Max);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        var server = ViewerServer.StartAsync(options, stop.Token).GetAwaiter().GetResult();
        var m = server.Session.Matrix;
        AnsiConsole.MarkupLineInterpolated($"[grey]{server.Session.MatrixName}: {m.Rows}×{m.Cols} {(m.IsFloat32 ? "float32" : "float64")}, pyramid {server.Session.PyramidSeconds:F2} s ({server.Session.Pyramid.CachedBytes / 1e6:F0} MB)[/]");
        AnsiConsole.MarkupLineInterpolated($"[green]viewer at {server.Url}[/] (127.0.0.1 only, read-only; Ctrl-C stops)");
        Console.Out.Flush();
        server.RunUntilCancelledAsync(stop.Token).GetAwaiter().GetResult();
        AnsiConsole.MarkupLine("[grey]viewer stopped[/]");
        return 0;
    }
}

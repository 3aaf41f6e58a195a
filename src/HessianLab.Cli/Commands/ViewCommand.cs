using System.ComponentModel;
using System.Runtime.InteropServices;
using HessianLab.Cli.Parsing;
using HessianLab.Viewer.Matrix;
using HessianLab.Viewer.Server;
using Spectre.Console;
using Spectre.Console.Cli;

namespace HessianLab.Cli.Commands;

/// <summary>`hessianlab view DIR [--port N] [--pooling max|mean] [--matrix FILE]`: a local, read-only web viewer
/// of the folder's Hessian (zoom to single entries); Ctrl-C stops it.</summary>
public sealed class ViewCommand(IAnsiConsole console) : Command<ViewCommand.Settings>
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
        [TypeConverter(typeof(KebabEnumConverter<Pooling>))]
        public Pooling Pooling { get; init; } = Pooling.Max;

        [CommandOption("--matrix <FILE>")]
        [Description("The .npy matrix inside DIR (default hessian.npy, else the folder's only 2-D .npy).")]
        public string? Matrix { get; init; }

        public override ValidationResult Validate()
        {
            if (Port is < 0 or > 65535) return ValidationResult.Error($"--port must be in [0, 65535], got {Port}");
            if (!Directory.Exists(Dir)) return ValidationResult.Error($"DIR '{Dir}' is not a folder");
            return ValidationResult.Success();
        }
    }

    /// <summary>How long Ctrl-C waits for the server to stop before the process ends anyway.</summary>
    private static readonly TimeSpan StopBound = TimeSpan.FromSeconds(10);

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        var options = new ViewerOptions(s.Dir, s.Matrix, s.Port, s.Pooling);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        var server = ViewerServer.StartAsync(options, stop.Token).GetAwaiter().GetResult();
        var m = server.Session.Matrix;
        console.MarkupLineInterpolated($"[grey]{server.Session.MatrixName}: {m.Rows}×{m.Cols} {(m.IsFloat32 ? "float32" : "float64")}, pyramid {server.Session.PyramidSeconds:F2} s ({server.Session.Pyramid.CachedBytes / 1e6:F0} MB)[/]");
        console.MarkupLineInterpolated($"[green]viewer at {server.Url}[/] (127.0.0.1 only, read-only; Ctrl-C stops)");
        Console.Out.Flush();
        var run = server.RunUntilCancelledAsync(stop.Token);
        stop.Token.WaitHandle.WaitOne();
        // Ctrl-C always ends the viewer: open requests get the server's 5 s, and if stopping takes longer than
        // StopBound (a request stuck in a client that stopped reading), the process ends without waiting for it.
        bool clean = true;
        try { run.WaitAsync(StopBound).GetAwaiter().GetResult(); }
        catch (TimeoutException) { clean = false; }
        console.MarkupLine(clean ? "[grey]viewer stopped[/]" : $"[grey]viewer stopped[/] [yellow](open requests dropped after {StopBound.TotalSeconds:F0} s)[/]");
        return 0;
    }
}

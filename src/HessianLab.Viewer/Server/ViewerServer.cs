using System.Net;
using HessianLab.Viewer.Matrix;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace HessianLab.Viewer.Server;

/// <summary>The local web server of <c>hessianlab view</c>: Kestrel on 127.0.0.1 only, GET/HEAD only, serving the
/// page, tiles, entry look-ups and the result folder's own files; nothing is written anywhere.</summary>
public sealed partial class ViewerServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    /// <summary>The matrix and its caches.</summary>
    public ViewerSession Session { get; }

    /// <summary>The page's address, e.g. http://127.0.0.1:41234/.</summary>
    public Uri Url { get; }

    private ViewerServer(WebApplication app, ViewerSession session, Uri url)
    {
        _app = app;
        Session = session;
        Url = url;
    }

    /// <summary>Opens the folder, builds the pyramid and starts listening.</summary>
    public static async Task<ViewerServer> StartAsync(ViewerOptions options, CancellationToken cancellationToken = default)
    {
        var session = new ViewerSession(options);
        try
        {
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(ViewerServer).Assembly.GetName().Name });
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(k =>
            {
                k.Listen(IPAddress.Loopback, options.Port);
                k.AddServerHeader = false;
            });
            var app = builder.Build();
            Map(app, session);
            await app.StartAsync(cancellationToken);
            var url = new Uri(app.Urls.First().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal) + "/");
            return new ViewerServer(app, session, url);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Waits until <paramref name="stop"/> is cancelled, then stops the server cleanly.</summary>
    public async Task RunUntilCancelledAsync(CancellationToken stop)
    {
        try { await Task.Delay(Timeout.Infinite, stop); }
        catch (OperationCanceledException) { }
        await DisposeAsync();
    }

    private int _disposed;

    /// <summary>Stops listening (open requests get 5 s) and unmaps the matrix.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
            await _app.StopAsync(cts.Token);
        await _app.DisposeAsync();
        Session.Dispose();
    }

    private static void Map(WebApplication app, ViewerSession s)
    {
        app.Use(async (ctx, next) =>
        {
            // Read-only: anything but GET/HEAD is refused before routing.
            if (!HttpMethods.IsGet(ctx.Request.Method) && !HttpMethods.IsHead(ctx.Request.Method))
            {
                ctx.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
                return;
            }
            ctx.Response.Headers["X-Content-Type-Options"] = "nosniff";
            try { await next(ctx); }
            catch (Exception) when (ctx.RequestAborted.IsCancellationRequested) { } // the client went away mid-response
        });
        app.MapGet("/", ctx => Asset(ctx, "index.html"));
        app.MapGet("/static/{**path}", ctx => Asset(ctx, (string?)ctx.Request.RouteValues["path"]));
        app.MapGet("/files/{**path}", ctx => FileInFolder(ctx, s));
        app.MapGet("/api/info", ctx => Info(ctx, s));
        app.MapGet("/api/entry", ctx => Entry(ctx, s));
        app.MapGet("/api/stats", ctx => Stats(ctx, s));
        app.MapGet("/api/colorbar.png", ctx => Colorbar(ctx));
        app.MapGet("/api/tile/{**rest}", ctx => Tile(ctx, s));
    }
}

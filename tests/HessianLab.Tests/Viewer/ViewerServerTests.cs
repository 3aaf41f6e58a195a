using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using HessianLab.Viewer.Matrix;
using HessianLab.Viewer.Server;
using SkiaSharp;

namespace HessianLab.Tests.Viewer;

/// <summary>The server without a browser: what it serves, what it refuses, and that it survives bad clients.</summary>
public sealed class ViewerServerTests : IAsyncLifetime
{
    private readonly KnownHessianFolder _folder = new();
    private ViewerServer _server = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync()
    {
        File.WriteAllText(SecretPath, "outside");
        _server = await ViewerServer.StartAsync(new ViewerOptions(_folder.Dir, TileCacheBytes: 20_000));
    }

    /// <summary>A file beside the served folder that must never be served.</summary>
    private string SecretPath => Path.Combine(Path.GetDirectoryName(_folder.Dir)!, "viewer-secret.txt");

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        File.Delete(SecretPath);
        _http.Dispose();
        _folder.Dispose();
    }

    private Uri At(string path) => new(_server.Url, path);

    /// <summary>Sends raw request bytes (no client-side path normalization) and returns the status line and body.</summary>
    private async Task<(int Status, string Body)> Raw(string target)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, _server.Url.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
        string text = await new StreamReader(stream, Encoding.UTF8).ReadToEndAsync();
        int status = int.Parse(text.Split(' ')[1]);
        return (status, text[(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]);
    }

    [Fact]
    public void Listens_on_loopback_only()
    {
        Assert.Equal("127.0.0.1", _server.Url.Host);
        Assert.NotEqual(0, _server.Url.Port);
    }

    [Theory]
    [InlineData("/files/../viewer-secret.txt")]
    [InlineData("/files/..%2fviewer-secret.txt")]
    [InlineData("/files/%2e%2e/viewer-secret.txt")]
    [InlineData("/files/%2e%2e%2fviewer-secret.txt")]
    [InlineData("/files/inputs/..%2f..%2fviewer-secret.txt")]
    [InlineData("/files/..%5cviewer-secret.txt")]
    [InlineData("/files//etc/passwd")]
    [InlineData("/files/%2fetc%2fpasswd")]
    [InlineData("/static/../hessian.npy")]
    [InlineData("/static/..%2f..%2fviewer.js")]
    public async Task Path_traversal_is_refused(string target)
    {
        var (status, body) = await Raw(target);
        Assert.True(status is 400 or 404, $"{target} answered {status}");
        Assert.DoesNotContain("outside", body);
        Assert.DoesNotContain("root:", body);
    }

    [Fact]
    public async Task Files_of_the_folder_and_the_page_assets_are_served()
    {
        Assert.Equal("inside", await _http.GetStringAsync(At("/files/inputs/note.txt")));
        using var config = JsonDocument.Parse(await _http.GetStringAsync(At("/files/config.json")));
        Assert.Equal(600, config.RootElement.GetProperty("parameters").GetInt32());
        Assert.Contains("OpenSeadragon", await _http.GetStringAsync(At("/static/lib/openseadragon/openseadragon.min.js")));
        Assert.Contains("Redistribution", await _http.GetStringAsync(At("/static/lib/openseadragon/LICENSE.txt")));
        Assert.Contains("/static/viewer.js", await _http.GetStringAsync(At("/")));
    }

    [Theory]
    [InlineData("/api/tile/abc/0/0.png")]
    [InlineData("/api/tile/10/0/0.jpg")]
    [InlineData("/api/tile/10/0/-1.png")]
    [InlineData("/api/tile/10/0/99.png")]
    [InlineData("/api/tile/11/0/0.png")]
    [InlineData("/api/tile/10/0/0/0.png")]
    [InlineData("/api/tile/99999999999/0/0.png")]
    [InlineData("/api/tile/10/0/0.png?pool=median")]
    [InlineData("/api/tile/10/0/0.png?k=0")]
    [InlineData("/api/tile/10/0/0.png?k=NaN")]
    [InlineData("/api/tile/10/0/0.png?scale=sqrt")]
    [InlineData("/api/tile/10/0/0.png?cmap=jet")]
    [InlineData("/api/tile/10/0/0.png?decades=1e9")]
    [InlineData("/api/entry?i=600&j=0")]
    [InlineData("/api/entry?i=-1&j=0")]
    [InlineData("/api/entry?i=x")]
    public async Task Malformed_requests_get_400_and_the_server_keeps_serving(string target)
    {
        var r = await _http.GetAsync(At(target));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync(At("/api/info"))).StatusCode);
    }

    [Fact]
    public async Task Writes_are_refused()
    {
        var r = await _http.PostAsync(At("/files/config.json"), new StringContent("x"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, r.StatusCode);
        r = await _http.DeleteAsync(At("/files/config.json"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, r.StatusCode);
        Assert.True(File.Exists(Path.Combine(_folder.Dir, "config.json")));
    }

    [Fact]
    public async Task Entry_lookup_names_both_parameters_and_gives_the_exact_value()
    {
        using var doc = JsonDocument.Parse(await _http.GetStringAsync(At("/api/entry?i=7&j=530")));
        var e = doc.RootElement;
        Assert.Equal("W1[0, 7]", e.GetProperty("row").GetString());
        Assert.Equal("W2[1, 10]", e.GetProperty("col").GetString()); // 530 − 500 = 1·20 + 10
        Assert.Equal(_folder.H[7, 530], e.GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task A_deepest_level_tile_pixel_has_the_colour_of_its_entry()
    {
        // Level 10 (2^10 ≥ 600) is exact; tile (2, 0) holds columns 512…599, so entry (7, 530) is pixel (18, 7).
        var png = await _http.GetByteArrayAsync(At("/api/tile/10/2/0.png?scale=linear&k=100&cmap=viridis"));
        using var bmp = SKBitmap.Decode(png);
        Assert.Equal((600 - 512, 256), (bmp.Width, bmp.Height));
        var expected = new ScottPlot.Colormaps.Viridis().GetColor(Math.Min(1, Math.Abs(_folder.H[7, 530]) / (_folder.MaxAbs / 100)));
        var got = bmp.GetPixel(18, 7);
        Assert.True(Math.Abs(expected.R - got.Red) <= 3 && Math.Abs(expected.G - got.Green) <= 3 && Math.Abs(expected.B - got.Blue) <= 3,
            $"expected ≈({expected.R},{expected.G},{expected.B}), got ({got.Red},{got.Green},{got.Blue})");
    }

    [Fact]
    public async Task Tile_cache_stays_within_its_bound()
    {
        for (int level = 0; level <= 10; level++)
            foreach (var q in new[] { "", "?scale=log", "?pool=mean", "?cmap=bwr" })
                for (int x = 0; x < 3; x++)
                    if (_server.Session.Renderer.Exists(level, x, 0))
                        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync(At($"/api/tile/{level}/{x}/0.png{q}"))).StatusCode);
        Assert.True(_server.Session.Cache.Bytes <= 20_000, $"cache holds {_server.Session.Cache.Bytes} bytes > 20000");
        Assert.True(_server.Session.Cache.Count > 0);
    }

    [Fact]
    public async Task Clients_that_disconnect_mid_request_do_not_hurt_the_server()
    {
        for (int k = 0; k < 20; k++)
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(IPAddress.Loopback, _server.Url.Port);
            var s = tcp.GetStream();
            // Different colour scales so each request renders (no cache hit), then hang up at once.
            await s.WriteAsync(Encoding.ASCII.GetBytes($"GET /api/tile/10/{k % 3}/{k % 3}.png?k={k + 1} HTTP/1.1\r\nHost: x\r\n\r\n"));
            tcp.Client.LingerState = new LingerOption(true, 0); // RST instead of FIN
        }
        using var cts = new CancellationTokenSource();
        var pending = _http.GetAsync(At("/api/tile/9/0/0.png?k=77"), cts.Token);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);

        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync(At("/api/tile/10/1/1.png?k=3"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync(At("/api/info"))).StatusCode);
    }

    [Fact]
    public async Task Pooling_defaults_to_the_option_and_the_top_tile_shows_the_max_entry()
    {
        using var doc = JsonDocument.Parse(await _http.GetStringAsync(At("/api/info")));
        Assert.Equal("max", doc.RootElement.GetProperty("pooling").GetString());
        Assert.Equal(10, doc.RootElement.GetProperty("maxLevel").GetInt32());
        // Level 0 is one pixel pooling all entries: max |H| maps to the top of viridis.
        using var bmp = SKBitmap.Decode(await _http.GetByteArrayAsync(At("/api/tile/0/0/0.png")));
        var top = new ScottPlot.Colormaps.Viridis().GetColor(1.0);
        Assert.Equal((top.R, top.G, top.B), (bmp.GetPixel(0, 0).Red, bmp.GetPixel(0, 0).Green, bmp.GetPixel(0, 0).Blue));
    }
}

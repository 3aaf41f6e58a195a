using HessianLab.Viewer.Rendering;
using SkiaSharp;

namespace HessianLab.Tests.Viewer;

public class PngEncoderTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(256, 256)]
    [InlineData(37, 5)]
    public void Skia_decodes_every_pixel_back(int w, int h)
    {
        var rng = new Random(w * 1000 + h);
        var rgb = new byte[3 * w * h];
        rng.NextBytes(rgb);

        byte[] png = PngEncoder.EncodeRgb(rgb, w, h);

        using var bmp = SKBitmap.Decode(png);
        Assert.NotNull(bmp);
        Assert.Equal((w, h), (bmp.Width, bmp.Height));
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                var c = bmp.GetPixel(x, y);
                int k = 3 * (y * w + x);
                Assert.Equal((rgb[k], rgb[k + 1], rgb[k + 2], (byte)255), (c.Red, c.Green, c.Blue, c.Alpha));
            }
    }

    [Fact]
    public void Crc_of_the_standard_check_string_is_cbf43926()
    {
        // CRC-32 check value of "123456789" (the catalogue value for the PNG/zlib polynomial).
        uint crc = PngEncoder.Update(0xFFFFFFFFu, "123456789"u8) ^ 0xFFFFFFFFu;
        Assert.Equal(0xCBF43926u, crc);
    }

    [Fact]
    public void Wrong_buffer_length_is_refused()
    {
        Assert.Throws<ArgumentException>(() => PngEncoder.EncodeRgb(new byte[10], 2, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => PngEncoder.EncodeRgb([], 0, 1));
    }
}

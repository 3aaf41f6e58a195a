using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using HessianLab.IO;
using HessianLab.Models;
using HessianLab.Tests.TestSupport;
using static TorchSharp.torch;

namespace HessianLab.Tests.IO;

[Collection(TorchCollection.Name)]
public sealed class TorchCheckpointTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ckpt-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Mlp Net(long seed, bool bias = true) =>
        new(new MlpSpec(new[] { 4, 5, 3 }, Activation.Tanh, Bias: bias, Init: InitScheme.Torch), seed);

    private static void AssertSameWeights(Mlp a, Mlp b, double tol = 0)
    {
        for (int l = 1; l <= a.Spec.Depth; l++)
        {
            Assert.True(a.Weight(l).allclose(b.Weight(l), rtol: 0, atol: tol), $"W{l} differs");
            if (a.Bias(l) is { } ab) Assert.True(ab.allclose(b.Bias(l)!, rtol: 0, atol: tol), $"b{l} differs");
        }
    }

    [Theory]
    [InlineData(MlpKeyStyle.Sequential, true)]
    [InlineData(MlpKeyStyle.Native, true)]
    [InlineData(MlpKeyStyle.Sequential, false)]
    public void PyTorch_state_dict_round_trips_exactly(MlpKeyStyle style, bool bias)
    {
        var a = Net(1, bias); var b = Net(2, bias);
        Assert.False(a.Weight(1).allclose(b.Weight(1)));
        string path = Path.Combine(_dir, "m.pt");
        TorchCheckpoint.SavePyTorch(a, path, style);
        TorchCheckpoint.LoadPyTorch(b, path, style);
        AssertSameWeights(a, b);
    }

    [Fact]
    public void PyTorch_file_is_torch_save_zip_with_pickle_and_raw_little_endian_storages()
    {
        var a = Net(3);
        string path = Path.Combine(_dir, "m.pt");
        TorchCheckpoint.SavePyTorch(a, path);
        using var zip = ZipFile.OpenRead(path);
        var pickle = zip.Entries.Single(e => e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal));
        using (var s = pickle.Open()) Assert.Equal(0x80, s.ReadByte());             // pickle PROTO opcode
        var storages = zip.Entries.Where(e => e.FullName.Contains("/data/", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, storages.Count);                                           // W1, b1, W2, b2
        // Every parameter's float64 bytes appear as one storage (torch.save writes each storage raw, little-endian).
        var blobs = storages.Select(e => { using var s = e.Open(); using var m = new MemoryStream(); s.CopyTo(m); return m.ToArray(); }).ToList();
        foreach (var t in new[] { a.Weight(1), a.Bias(1)!, a.Weight(2), a.Bias(2)! })
        {
            var expected = t.contiguous().data<double>().ToArray().SelectMany(BitConverter.GetBytes).ToArray();
            Assert.Contains(blobs, blob => blob.AsSpan().SequenceEqual(expected));
        }
    }

    [Theory]
    [InlineData(MlpKeyStyle.Sequential)]
    [InlineData(MlpKeyStyle.Native)]
    public void Safetensors_round_trips_exactly(MlpKeyStyle style)
    {
        var a = Net(4); var b = Net(5);
        string path = Path.Combine(_dir, "m.safetensors");
        TorchCheckpoint.SaveSafetensors(a, path, style);
        TorchCheckpoint.LoadSafetensors(b, path, style);
        AssertSameWeights(a, b);
    }

    [Fact]
    public void Saved_safetensors_follow_the_spec_read_by_hand()
    {
        var a = Net(6);
        string path = Path.Combine(_dir, "m.safetensors");
        TorchCheckpoint.SaveSafetensors(a, path, dtype: ScalarType.Float32);
        byte[] file = File.ReadAllBytes(path);
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(file);
        using var header = JsonDocument.Parse(Encoding.UTF8.GetString(file, 8, (int)n));
        var start = 8 + (int)n;
        foreach (var (key, t) in new[] { ("0.weight", a.Weight(1)), ("0.bias", a.Bias(1)!), ("2.weight", a.Weight(2)), ("2.bias", a.Bias(2)!) })
        {
            var entry = header.RootElement.GetProperty(key);
            Assert.Equal("F32", entry.GetProperty("dtype").GetString());
            Assert.Equal(t.shape, entry.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray());
            var off = entry.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            Assert.Equal(t.numel() * 4, off[1] - off[0]);
            var values = Enumerable.Range(0, (int)t.numel())
                .Select(i => BinaryPrimitives.ReadSingleLittleEndian(file.AsSpan(start + off[0] + 4 * i))).ToArray();
            Assert.Equal(t.to(ScalarType.Float32).flatten().data<float>().ToArray(), values);
        }
    }

    [Fact]
    public void Loads_a_safetensors_file_written_byte_by_byte_to_the_spec()
    {
        // PyTorch: nn.Sequential(nn.Linear(2, 3), nn.Tanh(), nn.Linear(3, 1)) saved with safetensors.torch.save_file, F32.
        float[] w1 = { 0.5f, -1f, 0.25f, 2f, -0.75f, 1.5f }, b1 = { 0.1f, -0.2f, 0.3f }, w2 = { 1f, -2f, 0.5f }, b2 = { -0.125f };
        var tensors = new (string Key, long[] Shape, float[] Data)[]
            { ("0.weight", new long[] { 3, 2 }, w1), ("0.bias", new long[] { 3 }, b1), ("2.weight", new long[] { 1, 3 }, w2), ("2.bias", new long[] { 1 }, b2) };
        var json = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\"}");
        long offset = 0;
        foreach (var (key, shape, data) in tensors)
        {
            json.Append($",\"{key}\":{{\"dtype\":\"F32\",\"shape\":[{string.Join(",", shape)}],\"data_offsets\":[{offset},{offset + 4L * data.Length}]}}");
            offset += 4L * data.Length;
        }
        json.Append('}');
        while ((8 + json.Length) % 8 != 0) json.Append(' ');                     // the spec allows trailing spaces
        byte[] headerBytes = Encoding.UTF8.GetBytes(json.ToString());
        using var bytes = new MemoryStream();
        Span<byte> u64 = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(u64, (ulong)headerBytes.Length);
        bytes.Write(u64);
        bytes.Write(headerBytes);
        Span<byte> f32 = stackalloc byte[4];
        foreach (var (_, _, data) in tensors)
            foreach (float v in data) { BinaryPrimitives.WriteSingleLittleEndian(f32, v); bytes.Write(f32); }
        string path = Path.Combine(_dir, "spec.safetensors");
        File.WriteAllBytes(path, bytes.ToArray());

        var model = new Mlp(new MlpSpec(new[] { 2, 3, 1 }, Activation.Tanh, Bias: true), seed: 0);
        TorchCheckpoint.LoadSafetensors(model, path);

        Assert.Equal(w1.Select(v => (double)v), model.Weight(1).flatten().data<double>().ToArray());
        Assert.Equal(b2.Select(v => (double)v), model.Bias(2)!.data<double>().ToArray());
        // f(x) = w2 · tanh(W1 x + b1) + b2 by hand, W1 rows = output neurons (PyTorch's (out, in) layout).
        double[] x = { 0.3, -0.7 };
        double y = b2[0];
        for (int i = 0; i < 3; i++) y += w2[i] * Math.Tanh(w1[2 * i] * x[0] + w1[2 * i + 1] * x[1] + b1[i]);
        var got = model.forward(tensor(x, ScalarType.Float64).reshape(1, 2)).item<double>();
        Assert.Equal(y, got, 1e-12);
    }

    [Fact]
    public void A_file_for_another_architecture_is_an_error_naming_the_keys()
    {
        string path = Path.Combine(_dir, "m.safetensors");
        TorchCheckpoint.SaveSafetensors(new Mlp(new MlpSpec(new[] { 4, 6, 3 }, Activation.Tanh)), path);
        var ex = Assert.Throws<InvalidDataException>(() => TorchCheckpoint.LoadSafetensors(Net(1), path));
        Assert.Contains("0.weight", ex.Message);
        var other = Path.Combine(_dir, "native.pt");
        TorchCheckpoint.SavePyTorch(Net(1), other, MlpKeyStyle.Native);
        Assert.Throws<InvalidDataException>(() => TorchCheckpoint.LoadPyTorch(Net(2), other, MlpKeyStyle.Sequential));
        Assert.Throws<FileNotFoundException>(() => TorchCheckpoint.LoadPyTorch(Net(2), Path.Combine(_dir, "none.pt")));
    }
}

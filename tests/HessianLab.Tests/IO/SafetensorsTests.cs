using System.Buffers.Binary;
using System.Text;
using HessianLab.IO;
using HessianLab.Tests.Plots;
using HessianLab.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Tests.IO;

[Collection(TorchCollection.Name)]
public sealed class SafetensorsTests
{
    /// <summary>Writes a safetensors file by hand: u64 LE header length, the JSON text as given, then the data bytes.</summary>
    internal static void WriteRaw(string path, string json, byte[] data, ulong? declaredLength = null)
    {
        var header = Encoding.UTF8.GetBytes(json);
        var bytes = new byte[8 + header.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, declaredLength ?? (ulong)header.Length);
        header.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + header.Length);
        File.WriteAllBytes(path, bytes);
    }

    [Fact]
    public void A_file_written_byte_by_byte_to_the_spec_reads_back_with_every_dtype_converted()
    {
        // Given: F32 [2,3], F64 [2], BF16 [3], F16 [2], I64 [] and metadata, laid out by hand (not by the writer).
        float[] f32 = { 1.5f, -2.25f, 3e-5f, 0f, 7f, -1e6f };
        double[] f64 = { Math.PI, -1e-300 };
        float[] bf = { 1f, -0.5f, 3.140625f };           // exactly representable in bfloat16 (8 significant bits)
        float[] half = { 0.333251953125f, -65504f };     // exactly representable in IEEE half
        var data = new List<byte>();
        foreach (var x in f32) data.AddRange(BitConverter.GetBytes(x));
        foreach (var x in f64) data.AddRange(BitConverter.GetBytes(x));
        foreach (var x in bf) data.AddRange(BitConverter.GetBytes((ushort)(BitConverter.SingleToUInt32Bits(x) >> 16)));
        foreach (var x in half) data.AddRange(BitConverter.GetBytes(BitConverter.HalfToUInt16Bits((Half)x)));
        data.AddRange(BitConverter.GetBytes(-42L));
        string json = "{\"__metadata__\":{\"format\":\"pt\"}," +
                      "\"a\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}," +
                      "\"b\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[24,40]}," +
                      "\"c\":{\"dtype\":\"BF16\",\"shape\":[3],\"data_offsets\":[40,46]}," +
                      "\"d\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[46,50]}," +
                      "\"e\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[50,58]}}   ";
        using var dir = new TempDir();
        WriteRaw(dir.File("x.safetensors"), json, data.ToArray());

        // When
        using var content = Safetensors.Load(dir.File("x.safetensors"));

        // Then
        Assert.Equal("pt", content.Metadata["format"]);
        var t = content.Tensors;
        Assert.Equal(ScalarType.Float32, t["a"].dtype);
        Assert.Equal(new long[] { 2, 3 }, t["a"].shape);
        Assert.Equal(f32, t["a"].data<float>().ToArray());
        Assert.Equal(ScalarType.Float64, t["b"].dtype);
        Assert.Equal(f64, t["b"].data<double>().ToArray());
        Assert.Equal(ScalarType.Float32, t["c"].dtype);
        Assert.Equal(bf, t["c"].data<float>().ToArray());
        Assert.Equal(ScalarType.Float32, t["d"].dtype);
        Assert.Equal(half, t["d"].data<float>().ToArray());
        Assert.Empty(t["e"].shape);
        Assert.Equal(-42L, t["e"].item<long>());
    }

    [Fact]
    public void Written_tensors_and_metadata_round_trip_exactly_with_aligned_data()
    {
        using var scope = NewDisposeScope();
        using var gen = new Generator(5);
        var tensors = new Dictionary<string, Tensor>
        {
            ["z.weight"] = randn(new long[] { 3, 5 }, ScalarType.Float64, generator: gen),
            ["a.bias"] = randn(new long[] { 7 }, ScalarType.Float32, generator: gen),
            ["count"] = tensor(new long[] { 1, -2, 3 }),
            ["empty"] = zeros(new long[] { 0, 4 }, ScalarType.Float32),
            ["strided"] = randn(new long[] { 4, 3 }, ScalarType.Float64, generator: gen).t(),
        };
        using var dir = new TempDir();
        string path = dir.File("rt.safetensors");
        Safetensors.Save(path, tensors, new Dictionary<string, string> { ["format"] = "pt", ["note"] = "ü\"x" });

        var header = Safetensors.ReadHeader(path);
        Assert.Equal(0, header.DataStart % 8);
        using var back = Safetensors.Load(path);
        Assert.Equal(new[] { "a.bias", "count", "empty", "strided", "z.weight" }, back.Tensors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("ü\"x", back.Metadata["note"]);
        foreach (var (name, t) in tensors)
        {
            Assert.Equal(t.dtype, back.Tensors[name].dtype);
            Assert.Equal(t.shape, back.Tensors[name].shape);
            Assert.True(t.eq(back.Tensors[name]).all().item<bool>(), $"{name} differs after the round trip");
        }
    }

    public static TheoryData<string, string, int, ulong?, string> Malformed => new()
    {
        { "too short", "", 0, 0UL, "too short" },
        { "length beyond file", "{}", 0, 1000UL, "exceeds the" },
        { "huge length", "{}", 0, ulong.MaxValue, "exceeds the limit" },
        { "not an object", "[1,2]", 0, null, "does not start with '{'" },
        { "not JSON", "{\"a\":", 0, null, "not valid JSON" },
        { "offsets out of range", "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 8, null, "out of range" },
        { "overlap", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12, null, "overlap" },
        { "hole", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8, null, "belong to no tensor" },
        { "trailing bytes", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 8, null, "cover 4" },
        { "size mismatch", "{\"a\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8, null, "needs 16 bytes" },
        { "end before begin", "{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[8,4]}}", 8, null, "end before begin" },
        { "unknown dtype", "{\"a\":{\"dtype\":\"F128\",\"shape\":[1],\"data_offsets\":[0,16]}}", 16, null, "unknown dtype 'F128'" },
        { "negative dim", "{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4, null, "not a non-negative integer" },
        { "huge shape", "{\"a\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,8],\"data_offsets\":[0,4]}}", 4, null, "too large" },
        { "duplicate name", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8, null, "appears twice" },
        { "missing offsets", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}", 4, null, "no array 'data_offsets'" },
        { "metadata not strings", "{\"__metadata__\":{\"k\":1}}", 0, null, "not a string" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_headers_are_rejected_with_a_message_naming_the_fault(string what, string json, int dataBytes, ulong? declared, string expected)
    {
        using var dir = new TempDir();
        string path = dir.File($"bad.safetensors");
        if (what == "too short") File.WriteAllBytes(path, new byte[] { 1, 2, 3 });
        else WriteRaw(path, json, new byte[dataBytes], declared);

        var e = Assert.Throws<InvalidDataException>(() => Safetensors.Load(path));
        Assert.Contains(expected, e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Unsupported_dtypes_are_refused_on_write_and_read()
    {
        using var dir = new TempDir();
        Assert.Throws<NotSupportedException>(() => Safetensors.Save(dir.File("i.safetensors"),
            new Dictionary<string, Tensor> { ["x"] = ones(2, dtype: ScalarType.Int32) }));
        WriteRaw(dir.File("u.safetensors"), "{\"x\":{\"dtype\":\"U8\",\"shape\":[8],\"data_offsets\":[0,8]}}", new byte[8]);
        var e = Assert.Throws<NotSupportedException>(() => Safetensors.Load(dir.File("u.safetensors")));
        Assert.Contains("U8", e.Message);
    }
}

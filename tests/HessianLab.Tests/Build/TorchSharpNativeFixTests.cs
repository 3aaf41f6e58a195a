using HessianLab.Build;
using HessianLab.Tests.TestSupport;
using static TorchSharp.torch;

namespace HessianLab.Tests.Build;

[Collection(TorchCollection.Name)]
public sealed class TorchSharpNativeFixTests
{
    /// <summary>The test host's copy, beside it: the test host builds for this machine's RID (HostRuntimeIdentifier.props).</summary>
    private static string OutputLibrary => Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so");

    [Fact]
    public void The_test_output_copy_of_LibTorchSharp_has_GLIBCXX_3_4_32_marked_weak_and_torch_initializes()
    {
        if (!OperatingSystem.IsLinux()) return;
        Assert.True(File.Exists(OutputLibrary), $"missing {OutputLibrary}");
        Assert.True(ElfVersionNeedPatcher.IsWeak(OutputLibrary, "GLIBCXX_3.4.32"));
        using var t = ones(3, dtype: ScalarType.Float64);
        Assert.Equal(3.0, t.sum().item<double>());
    }

    [Fact]
    public void Patching_a_fresh_copy_sets_the_flag_once_and_is_idempotent()
    {
        if (!OperatingSystem.IsLinux()) return;
        string copy = Path.Combine(Path.GetTempPath(), $"lts-{Guid.NewGuid():N}.so");
        try
        {
            File.Copy(OutputLibrary, copy);
            ClearWeakFlag(copy);
            Assert.False(ElfVersionNeedPatcher.IsWeak(copy, "GLIBCXX_3.4.32"));
            var before = File.ReadAllBytes(copy);

            Assert.Equal(ElfPatchResult.Patched, ElfVersionNeedPatcher.MarkWeak(copy, "GLIBCXX_3.4.32"));
            var after = File.ReadAllBytes(copy);
            Assert.Equal(1, before.Zip(after).Count(p => p.First != p.Second)); // exactly one byte (the flags' low byte) changed
            Assert.Equal(ElfPatchResult.AlreadyWeak, ElfVersionNeedPatcher.MarkWeak(copy, "GLIBCXX_3.4.32"));
            Assert.Equal(after, File.ReadAllBytes(copy));
            Assert.Equal(ElfPatchResult.VersionNotRequired, ElfVersionNeedPatcher.MarkWeak(copy, "GLIBCXX_9.9.9"));
        }
        finally { File.Delete(copy); }
    }

    [Fact]
    public void A_file_that_is_not_ELF_is_rejected_with_a_message()
    {
        string junk = Path.Combine(Path.GetTempPath(), $"junk-{Guid.NewGuid():N}.so");
        File.WriteAllBytes(junk, new byte[100]);
        try { Assert.Contains("not an ELF", Assert.Throws<InvalidDataException>(() => ElfVersionNeedPatcher.MarkWeak(junk, "X")).Message); }
        finally { File.Delete(junk); }
    }

    // Undo the patch in a copy (flag bit 0x2 of the vernaux entry), found the same way a reader would:
    // the patched file differs from an unpatched one in that one bit, so flip it back via the patcher's own search.
    private static void ClearWeakFlag(string path)
    {
        var bytes = File.ReadAllBytes(path);
        long offset = FindFlagsOffset(bytes);
        bytes[offset] &= unchecked((byte)~0x2);
        File.WriteAllBytes(path, bytes);
    }

    private static long FindFlagsOffset(byte[] elf)
    {
        // Independent minimal ELF64 walk (section headers → SHT_GNU_verneed → vernaux with the name).
        long shoff = BitConverter.ToInt64(elf, 0x28);
        int shentsize = BitConverter.ToUInt16(elf, 0x3A), shnum = BitConverter.ToUInt16(elf, 0x3C);
        for (int s = 0; s < shnum; s++)
        {
            long sh = shoff + (long)s * shentsize;
            if (BitConverter.ToUInt32(elf, (int)sh + 4) != 0x6ffffffe) continue;
            long off = BitConverter.ToInt64(elf, (int)sh + 0x18);
            int link = (int)BitConverter.ToUInt32(elf, (int)sh + 0x28);
            int cnt = (int)BitConverter.ToUInt32(elf, (int)sh + 0x2C);
            long str = BitConverter.ToInt64(elf, (int)(shoff + (long)link * shentsize + 0x18));
            long need = off;
            for (int n = 0; n < cnt; n++)
            {
                int auxCount = BitConverter.ToUInt16(elf, (int)need + 2);
                long aux = need + BitConverter.ToUInt32(elf, (int)need + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    long name = str + BitConverter.ToUInt32(elf, (int)aux + 8);
                    int end = Array.IndexOf(elf, (byte)0, (int)name);
                    if (System.Text.Encoding.ASCII.GetString(elf, (int)name, end - (int)name) == "GLIBCXX_3.4.32") return aux + 4;
                    aux += BitConverter.ToUInt32(elf, (int)aux + 12);
                }
                need += BitConverter.ToUInt32(elf, (int)need + 12);
            }
        }
        throw new InvalidDataException("GLIBCXX_3.4.32 not found");
    }
}

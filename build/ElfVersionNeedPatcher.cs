// Marks one GNU symbol-version requirement of an ELF64 shared library as WEAK.
//
// Why: libLibTorchSharp.so (TorchSharp 0.107.0) needs GLIBCXX_3.4.32 (GCC 13's libstdc++),
// but Debian 12 ships GCC 12's libstdc++ (up to 3.4.30), so the loader refuses the library.
// The only symbol with that version is _ZSt21ios_base_library_initv, which GCC 13's
// <iostream> references only to force a new-enough libstdc++; no relocation uses it.
// Setting VER_FLG_WEAK (0x2) on that version's Elf64_Vernaux entry turns the hard
// requirement into a warning-free weak one. Systems that have the version are unaffected.
// See docs/torchsharp.md. Layouts: System V gABI + LSB "Symbol Versioning".
//
// This file is compiled twice: as an MSBuild inline task (RoslynCodeTaskFactory, see
// TorchSharpNativeFix.targets) and, with ELF_PATCH_CORE_ONLY, into the unit tests.
using System;
using System.IO;
using System.Text;

namespace HessianLab.Build
{
    /// <summary>Outcome of <see cref="ElfVersionNeedPatcher.MarkWeak"/>.</summary>
    public enum ElfPatchResult
    {
        /// <summary>The flag was set now.</summary>
        Patched,
        /// <summary>The flag was already set: nothing written (idempotent).</summary>
        AlreadyWeak,
        /// <summary>The library does not require that version: nothing to do.</summary>
        VersionNotRequired,
    }

    /// <summary>Parses an ELF64 little-endian file's .gnu.version_r section and sets
    /// VER_FLG_WEAK on the vernaux entry with the given version name.</summary>
    public static class ElfVersionNeedPatcher
    {
        private const uint ShtGnuVerneed = 0x6ffffffe; // SHT_GNU_verneed
        private const ushort VerFlgWeak = 0x2;         // VER_FLG_WEAK

        /// <summary>Marks <paramref name="versionName"/> weak in the file at <paramref name="path"/>.</summary>
        /// <exception cref="InvalidDataException">The file is not a little-endian ELF64 file or its tables are inconsistent.</exception>
        public static ElfPatchResult MarkWeak(string path, string versionName)
        {
            byte[] elf = File.ReadAllBytes(path);
            (ElfPatchResult result, long flagsOffset) = Find(elf, versionName);
            if (result != ElfPatchResult.Patched) return result;
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write))
            {
                stream.Position = flagsOffset;
                ushort flags = (ushort)(ReadU16(elf, flagsOffset) | VerFlgWeak);
                stream.Write(new[] { (byte)flags, (byte)(flags >> 8) }, 0, 2);
            }
            return ElfPatchResult.Patched;
        }

        /// <summary>True when the file requires <paramref name="versionName"/> and marks it weak.</summary>
        public static bool IsWeak(string path, string versionName) =>
            Find(File.ReadAllBytes(path), versionName).Result == ElfPatchResult.AlreadyWeak;

        private static (ElfPatchResult Result, long FlagsOffset) Find(byte[] elf, string versionName)
        {
            // e_ident: 0x7F 'E' 'L' 'F', EI_CLASS = 2 (64-bit), EI_DATA = 1 (little-endian).
            if (elf.Length < 64 || elf[0] != 0x7F || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
                throw new InvalidDataException("not an ELF file");
            if (elf[4] != 2 || elf[5] != 1)
                throw new InvalidDataException("only little-endian ELF64 is supported");

            long shoff = (long)ReadU64(elf, 0x28);   // e_shoff
            int shentsize = ReadU16(elf, 0x3A);      // e_shentsize
            int shnum = ReadU16(elf, 0x3C);          // e_shnum
            if (shentsize < 64 || shoff <= 0 || shoff + (long)shnum * shentsize > elf.Length)
                throw new InvalidDataException("section header table out of bounds");

            for (int s = 0; s < shnum; s++)
            {
                long sh = shoff + (long)s * shentsize;
                if (ReadU32(elf, sh + 4) != ShtGnuVerneed) continue;  // sh_type
                long offset = (long)ReadU64(elf, sh + 0x18);          // sh_offset
                long size = (long)ReadU64(elf, sh + 0x20);            // sh_size
                int link = (int)ReadU32(elf, sh + 0x28);              // sh_link -> .dynstr
                int count = (int)ReadU32(elf, sh + 0x2C);             // sh_info = number of Verneed entries
                if (link >= shnum || offset + size > elf.Length)
                    throw new InvalidDataException("version-need section out of bounds");
                long strtab = (long)ReadU64(elf, shoff + (long)link * shentsize + 0x18);
                return ScanVerneed(elf, offset, offset + size, count, strtab, versionName);
            }
            return (ElfPatchResult.VersionNotRequired, -1);
        }

        // Elf64_Verneed { u16 vn_version; u16 vn_cnt; u32 vn_file; u32 vn_aux; u32 vn_next; }
        // Elf64_Vernaux { u32 vna_hash; u16 vna_flags; u16 vna_other; u32 vna_name; u32 vna_next; }
        private static (ElfPatchResult, long) ScanVerneed(byte[] elf, long start, long end, int count, long strtab, string versionName)
        {
            long need = start;
            for (int n = 0; n < count; n++)
            {
                if (need + 16 > end) throw new InvalidDataException("Verneed entry out of bounds");
                int auxCount = ReadU16(elf, need + 2);
                long aux = need + ReadU32(elf, need + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    if (aux + 16 > end) throw new InvalidDataException("Vernaux entry out of bounds");
                    string name = ReadCString(elf, strtab + ReadU32(elf, aux + 8));
                    if (name == versionName)
                    {
                        bool weak = (ReadU16(elf, aux + 4) & VerFlgWeak) != 0;
                        return (weak ? ElfPatchResult.AlreadyWeak : ElfPatchResult.Patched, aux + 4);
                    }
                    uint nextAux = ReadU32(elf, aux + 12);
                    if (nextAux == 0) break;
                    aux += nextAux;
                }
                uint next = ReadU32(elf, need + 12);
                if (next == 0) break;
                need += next;
            }
            return (ElfPatchResult.VersionNotRequired, -1);
        }

        private static ushort ReadU16(byte[] b, long o) => (ushort)(b[o] | b[o + 1] << 8);
        private static uint ReadU32(byte[] b, long o) => (uint)(b[o] | b[o + 1] << 8 | b[o + 2] << 16 | b[o + 3] << 24);
        private static ulong ReadU64(byte[] b, long o) => ReadU32(b, o) | (ulong)ReadU32(b, o + 4) << 32;

        private static string ReadCString(byte[] b, long o)
        {
            if (o < 0 || o >= b.Length) throw new InvalidDataException("string offset out of bounds");
            long e = o;
            while (e < b.Length && b[e] != 0) e++;
            return Encoding.ASCII.GetString(b, (int)o, (int)(e - o));
        }
    }

#if !ELF_PATCH_CORE_ONLY
    /// <summary>MSBuild task: marks a version need weak in each given library that exists.</summary>
    public sealed class MarkElfVersionWeak : Microsoft.Build.Utilities.Task
    {
        /// <summary>Libraries to patch in place (missing ones are skipped).</summary>
        [Microsoft.Build.Framework.Required]
        public Microsoft.Build.Framework.ITaskItem[] Libraries { get; set; } = Array.Empty<Microsoft.Build.Framework.ITaskItem>();

        /// <summary>The version name, e.g. GLIBCXX_3.4.32.</summary>
        [Microsoft.Build.Framework.Required]
        public string VersionName { get; set; } = "";

        public override bool Execute()
        {
            foreach (var item in Libraries)
            {
                string path = item.ItemSpec;
                if (!File.Exists(path)) continue;
                try
                {
                    ElfPatchResult r = ElfVersionNeedPatcher.MarkWeak(path, VersionName);
                    Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Normal, $"{path}: {VersionName} {r}");
                }
                catch (Exception e) when (e is IOException || e is InvalidDataException || e is UnauthorizedAccessException)
                {
                    Log.LogError($"cannot patch {path}: {e.Message}");
                }
            }
            return !Log.HasLoggedErrors;
        }
    }
#endif
}

using System.Runtime.InteropServices;

namespace HessianLab.IO;

/// <summary>Puts a file's content under a second name without copying it: a hard link (<c>link(2)</c>) where the
/// system has it and both names are on one file system, a copy otherwise.</summary>
internal static partial class HardLinks
{
    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string existing, string newPath);

    /// <summary>Makes <paramref name="destination"/> (which must not exist) hold the content of <paramref name="source"/>.</summary>
    public static void LinkOrCopy(string source, string destination)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        if (OperatingSystem.IsLinux())
        {
            try
            {
                if (Link(source, destination) == 0) return;
            }
            catch (EntryPointNotFoundException) { }
            catch (DllNotFoundException) { }
        }
        File.Copy(source, destination);
    }
}

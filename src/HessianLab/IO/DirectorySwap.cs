using System.Runtime.InteropServices;

namespace HessianLab.IO;

/// <summary>Replaces a folder by another in one step.</summary>
/// <remarks>
/// On Linux, <c>renameat2(…, RENAME_EXCHANGE)</c> swaps two directory entries atomically: every reader sees either
/// the old folder or the new one at the path, never neither and never a mix. Where the call or the flag is missing
/// (other systems, some file systems) the fallback is two renames — target to <c>.NAME.old-PID-…</c>, then the new
/// folder to target — with a window in which the path is absent; the next run under the lock moves such an
/// orphaned old folder back (<see cref="ResultFolder"/>).
/// </remarks>
internal static partial class DirectorySwap
{
    private const int AtFdCwd = -100;
    private const uint RenameExchange = 2;

    [LibraryImport("libc", EntryPoint = "renameat2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RenameAt2(int oldDirFd, string oldPath, int newDirFd, string newPath, uint flags);

    /// <summary>Makes <paramref name="replacement"/> appear at <paramref name="target"/>; afterwards the previous
    /// content of <paramref name="target"/> (if any) is at the returned path, for the caller to delete.</summary>
    public static string? Replace(string replacement, string target, string oldName)
    {
        if (!Directory.Exists(target))
        {
            Directory.Move(replacement, target);
            return null;
        }
        if (OperatingSystem.IsLinux() && TryExchange(replacement, target)) return replacement;
        Directory.Move(target, oldName);
        FaultPoint.Hit("swap:between");
        Directory.Move(replacement, target);
        return oldName;
    }

    private static bool TryExchange(string a, string b)
    {
        try { return RenameAt2(AtFdCwd, a, AtFdCwd, b, RenameExchange) == 0; }
        catch (EntryPointNotFoundException) { return false; }
        catch (DllNotFoundException) { return false; }
    }
}

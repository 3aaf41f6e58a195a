namespace HessianLab.IO;

/// <summary>One file of a result folder as its manifest records it.</summary>
/// <param name="Path">Path relative to the result folder, '/'-separated.</param>
/// <param name="Bytes">Size in bytes.</param>
/// <param name="Sha256">SHA-256 of the content, lower-case hex.</param>
public sealed record ManifestEntry(string Path, long Bytes, string Sha256);

namespace HessianLab.Cli.Parsing;

/// <summary>The commands by path ("hessian", "bench hessian") with their settings types, recorded as they are
/// registered, so <see cref="ArgumentCheck"/> knows every option of every command.</summary>
public sealed class CommandCatalog
{
    private readonly Dictionary<string, Type> _settings = new(StringComparer.Ordinal);

    /// <summary>Records a command.</summary>
    public void Add(string path, Type settingsType) => _settings[path] = settingsType;

    /// <summary>Every command path.</summary>
    public IEnumerable<string> Paths => _settings.Keys;

    /// <summary>The settings type of a command path, if registered.</summary>
    public Type? SettingsOf(string path) => _settings.GetValueOrDefault(path);

    /// <summary>True when <paramref name="word"/> starts at least one command path ("bench").</summary>
    public bool IsBranch(string word) => _settings.Keys.Any(p => p.StartsWith(word + " ", StringComparison.Ordinal));
}

namespace HessianLab.Cli.Parsing;

/// <summary>The strict half of the command line: before the parser binds anything, every word is checked against
/// the command's declared options. An unknown command, option or stray argument, a missing or malformed value,
/// or an option given twice is an error that names it (and suggests the nearest known name); nothing runs.</summary>
/// <remarks>It also rewrites "--opt VALUE" to "--opt=VALUE" when the value starts with '-' (e.g. "--lr -1e-3",
/// "--lr -Infinity"), which the parser would otherwise read as an option.</remarks>
public static class ArgumentCheck
{
    private static readonly HashSet<string> Help = new(StringComparer.Ordinal) { "-h", "--help", "-?", "--version", "-v" };

    /// <summary>Checks <paramref name="args"/>; returns them normalized for the parser.</summary>
    /// <exception cref="CommandLineException">The first problem found.</exception>
    public static string[] Check(string[] args, CommandCatalog catalog)
    {
        if (args.Length == 0 || args.Any(Help.Contains)) return args;
        var (path, consumed) = CommandPath(args, catalog);
        var settings = catalog.SettingsOf(path)!;
        var options = OptionSpec.Of(settings);
        int positional = OptionSpec.ArgumentCount(settings);
        var seen = new HashSet<OptionSpec>();
        var output = args.Take(consumed).ToList();
        int positionalSeen = 0;
        for (int i = consumed; i < args.Length; i++)
        {
            string word = args[i];
            if (!word.StartsWith('-') || word == "-" || IsNegativeNumber(word))
            {
                if (positionalSeen++ >= positional)
                    throw new CommandLineException($"unexpected argument '{word}' for '{path}'" + (positional == 0 ? " (it takes options only)" : ""));
                output.Add(word);
                continue;
            }
            int eq = word.IndexOf('=');
            string name = eq > 0 ? word[..eq] : word;
            var option = options.FirstOrDefault(o => o.Names.Contains(name, StringComparer.Ordinal))
                ?? throw new CommandLineException(Unknown(name, options.SelectMany(o => o.Names), "option", $" for '{path}'"));
            if (!seen.Add(option)) throw new CommandLineException($"{option.Display} is given more than once");
            if (!option.TakesValue)
            {
                if (eq > 0) throw new CommandLineException($"{option.Display} is a switch and takes no value");
                output.Add(word);
                continue;
            }
            string value;
            if (eq > 0) value = word[(eq + 1)..];
            else if (i + 1 < args.Length && !IsOption(args[i + 1], options)) value = args[++i];
            else throw new CommandLineException($"{option.Display} needs a value");
            if (value.Length == 0) throw new CommandLineException($"{option.Display} needs a value, got an empty one");
            try { option.CheckValue(value); }
            catch (FormatException e) { throw new CommandLineException($"{option.Display}: {e.Message}"); }
            output.Add($"{name}={value}");
        }
        return output.ToArray();
    }

    private static (string Path, int Consumed) CommandPath(string[] args, CommandCatalog catalog)
    {
        string first = args[0];
        if (catalog.SettingsOf(first) is not null) return (first, 1);
        if (catalog.IsBranch(first))
        {
            var subs = catalog.Paths.Where(p => p.StartsWith(first + " ", StringComparison.Ordinal)).ToList();
            if (args.Length > 1 && catalog.SettingsOf($"{first} {args[1]}") is not null) return ($"{first} {args[1]}", 2);
            string given = args.Length > 1 ? args[1] : "";
            throw new CommandLineException(given.Length == 0 || given.StartsWith('-')
                ? $"'{first}' needs a sub-command: {string.Join(", ", subs.Select(s => s[(first.Length + 1)..]))}"
                : Unknown(given, subs.Select(s => s[(first.Length + 1)..]), "sub-command", $" of '{first}'"));
        }
        var tops = catalog.Paths.Select(p => p.Split(' ')[0]).Distinct();
        throw new CommandLineException(Unknown(first, tops, "command", ""));
    }

    private static bool IsOption(string word, IReadOnlyList<OptionSpec> options)
    {
        if (!word.StartsWith('-') || IsNegativeNumber(word)) return false;
        int eq = word.IndexOf('=');
        string name = eq > 0 ? word[..eq] : word;
        return options.Any(o => o.Names.Contains(name, StringComparer.Ordinal)) || word.StartsWith("--", StringComparison.Ordinal);
    }

    private static bool IsNegativeNumber(string word) =>
        word.Length > 1 && word[0] == '-' && (char.IsDigit(word[1]) || word[1] == '.' || word[1..].StartsWith("Infinity", StringComparison.OrdinalIgnoreCase)
                                               || word[1..].Equals("NaN", StringComparison.OrdinalIgnoreCase));

    /// <summary>"unknown option --sampels; did you mean --samples?" (the suggestion when one is close enough).</summary>
    public static string Unknown(string given, IEnumerable<string> known, string what, string where)
    {
        var best = known.Select(k => (k, d: Distance(given.ToLowerInvariant(), k.ToLowerInvariant())))
            .OrderBy(x => x.d).FirstOrDefault();
        bool close = best.k is not null && (best.d <= Math.Max(2, given.Length / 3) || best.k.StartsWith(given, StringComparison.OrdinalIgnoreCase));
        return $"unknown {what} {given}{where}" + (close ? $"; did you mean {best.k}?" : "; see --help");
    }

    /// <summary>Levenshtein distance (insertions, deletions, substitutions), with adjacent transpositions counting one.</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
    }
}

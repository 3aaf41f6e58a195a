using System.ComponentModel;
using System.Globalization;
using HessianLab.IO;
using HessianLab.Models.Gpt2;
using Spectre.Console;
using Spectre.Console.Cli;

namespace HessianLab.Cli.Commands;

/// <summary>`hessianlab gpt --checkpoint DIR --token-ids 464,2068,7586 [--out D]`: loads a GPT-2 checkpoint folder
/// (config.json + model.safetensors), prints the mean next-token cross-entropy of the sequence and writes
/// D/logits.npy (tokens × vocabulary, in the checkpoint's dtype).</summary>
public sealed class GptCommand(IAnsiConsole console) : Command<GptCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--checkpoint <DIR>")]
        [Description("Hugging Face style GPT-2 folder: config.json + model.safetensors.")]
        public string Checkpoint { get; init; } = "";

        [CommandOption("--token-ids <IDS>")]
        [Description("Comma-separated GPT-2 token ids, e.g. 464,2068,7586 (\"The quick brown\"); at least 2.")]
        public string TokenIds { get; init; } = "";

        [CommandOption("--out <DIR>")]
        [Description("Result folder for logits.npy and score.json (default results/gpt); replaced as a whole.")]
        public string? Out { get; init; }

        /// <summary>The result folder: --out, or results/gpt.</summary>
        public string OutDir => Out ?? Path.Combine("results", "gpt");

        /// <summary>The parsed ids (valid after <see cref="Validate"/>).</summary>
        public long[] Ids => TokenIds.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(x => long.Parse(x, NumberStyles.None, CultureInfo.InvariantCulture)).ToArray();

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Checkpoint)) return ValidationResult.Error("--checkpoint DIR is required");
            var parts = TokenIds.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (parts.Any(x => !long.TryParse(x, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
                return ValidationResult.Error($"--token-ids must be comma-separated non-negative integers, got '{TokenIds}'");
            if (parts.Length < 2) return ValidationResult.Error($"--token-ids needs at least 2 ids for a next-token loss, got {parts.Length}");
            Gpt2Config config;
            try { config = Gpt2Checkpoint.ReadConfig(Checkpoint); }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                return ValidationResult.Error($"--checkpoint: {e.Message}");
            }
            var ids = Ids;
            if (ids.Length > config.Positions) return ValidationResult.Error($"--token-ids has {ids.Length} ids, more than the checkpoint's n_positions {config.Positions}");
            long bad = ids.FirstOrDefault(i => i >= config.VocabSize, -1);
            return bad >= 0 ? ValidationResult.Error($"--token-ids: id {bad} is not below the checkpoint's vocab_size {config.VocabSize}")
                : Validation.OutputFolder("--out", OutDir) ?? ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        var config = Gpt2Checkpoint.ReadConfig(s.Checkpoint);
        new HessianLab.Core.MemoryPlan()
            .Add($"the checkpoint's weights ({config.ParameterCount} parameters, at most float64)", 8, config.ParameterCount)
            .Add($"the logits ({s.Ids.Length} × {config.VocabSize}) and activations", 8, 4, s.Ids.Length, config.VocabSize + 16.0 * config.Embedding)
            .EnsureFits("scoring the GPT-2 checkpoint");
        using var folder = ResultFolder.Begin(s.OutDir, CliOutput.Record(context, null));
        using var model = Gpt2Checkpoint.Load(s.Checkpoint);
        var c = model.Config;
        console.MarkupLineInterpolated($"[grey]GPT-2 {c.Layers} layers, width {c.Embedding}, {c.Heads} heads, vocab {c.VocabSize}, {c.Positions} positions, {model.DType}[/]");
        var score = Gpt2Score.Of(model, s.Ids);
        Npy.Save(Path.Combine(folder.Staging, "logits.npy"), score.Logits);
        JsonFiles.Write(Path.Combine(folder.Staging, "score.json"), new
        {
            checkpoint = Path.GetFullPath(s.Checkpoint), tokenIds = s.Ids, meanCrossEntropy = score.MeanCrossEntropy, predictions = score.Predictions,
            logitsShape = score.Logits.shape, dtype = score.Logits.dtype.ToString(),
        });
        folder.Commit();
        string npy = Path.Combine(s.OutDir, "logits.npy");
        console.MarkupLineInterpolated(
            $"mean next-token cross-entropy: [green]{score.MeanCrossEntropy.ToString("F6", CultureInfo.InvariantCulture)}[/] nats over {score.Predictions} predictions");
        console.MarkupLineInterpolated($"[grey]wrote {npy} ({score.Logits.shape[0]} × {score.Logits.shape[1]}, {score.Logits.dtype})[/]");
        score.Logits.Dispose();
        return 0;
    }
}

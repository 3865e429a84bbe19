using System.CommandLine;
using System.Globalization;
using NtkGen.Experiments;

namespace NtkGen.Cli.Commands;

/// <summary>The options of the commands over a depth × σ_w² grid (<c>dispersion</c>, <c>gd-step</c>), and the line that describes such a grid.</summary>
internal sealed class GridCommandOptions<TConfig>
    where TConfig : GridConfig<TConfig>
{
    private readonly Option<int> _n0;
    private readonly Option<int> _width;
    private readonly Option<string> _depths;
    private readonly Option<string> _sigmaW2;
    private readonly Option<double> _sigmaB2;
    private readonly Option<string> _activation;
    private readonly Option<int> _samples;
    private readonly Option<Precision> _precision;
    private readonly Option<ulong> _seed = new("--seed") { Description = "Random seed: the same seed gives the same numbers on any number of threads.", DefaultValueFactory = _ => 1UL };
    private readonly Option<int> _threads = new("--threads") { Description = "Worker threads (default: all cores).", DefaultValueFactory = _ => Environment.ProcessorCount };

    /// <param name="defaults">The experiment's default configuration: its grid, samples and precision are the options' defaults.</param>
    /// <param name="sigmaW2Default">How the help names the default σ_w².</param>
    /// <param name="notes">What the help adds to σ_b², the activation and the samples (e.g. which engines need what).</param>
    public GridCommandOptions(TConfig defaults, string sigmaW2Default, (string SigmaB2, string Activation, string Samples) notes)
    {
        _n0 = new("--n0") { Description = "Input dimension n0.", DefaultValueFactory = _ => defaults.InputSize };
        _width = new("--width") { Description = "Hidden width M.", DefaultValueFactory = _ => defaults.Width };
        _depths = new("--depths")
        {
            Description = "Depths L (weight layers): a list 2,10,20, a range 2..50, or a range with a step 2..50:4.",
            DefaultValueFactory = _ => string.Join(",", defaults.Depths),
        };
        _sigmaW2 = new("--sigma-w2")
        {
            Description = $"Weight variances σ_w², comma-separated (default: {sigmaW2Default}).",
            DefaultValueFactory = _ => string.Join(",", defaults.SigmaW2.Select(s => s.ToString(CultureInfo.InvariantCulture))),
        };
        _sigmaB2 = new("--sigma-b2") { Description = "Bias variance σ_b²." + notes.SigmaB2, DefaultValueFactory = _ => 0.0 };
        _activation = ActivationOption.Create(notes.Activation);
        _samples = new("--samples") { Description = "Samples (networks) per grid point." + notes.Samples, DefaultValueFactory = _ => defaults.Samples };
        _precision = EnumOption.Create("--precision", "Arithmetic of the kernels.", defaults.Precision);
    }

    public IEnumerable<Option> All => [_n0, _width, _depths, _activation, _sigmaW2, _sigmaB2, _samples, _precision, _seed, _threads];

    /// <summary><paramref name="config"/> with the grid the options give.</summary>
    public TConfig Apply(ParseResult parsed, TConfig config)
        => (TConfig)((GridConfig<TConfig>)config with
        {
            InputSize = parsed.GetValue(_n0),
            Width = parsed.GetValue(_width),
            Activation = ActivationOption.Parse(parsed.GetValue(_activation)!),
            Depths = GridOptions.ParseIntegers(parsed.GetValue(_depths)!, "--depths"),
            SigmaW2 = GridOptions.ParseNumbers(parsed.GetValue(_sigmaW2)!, "--sigma-w2"),
            SigmaB2 = parsed.GetValue(_sigmaB2),
            Samples = parsed.GetValue(_samples),
            Seed = parsed.GetValue(_seed),
            Precision = parsed.GetValue(_precision),
        });

    public int Threads(ParseResult parsed)
    {
        int threads = parsed.GetValue(_threads);
        return threads >= 1 ? threads : throw new CommandLineError($"--threads must be at least 1 (got {threads})");
    }

    /// <summary><c>n0 = 100, M = 100, L ∈ {2, 6}, σ_w² ∈ {1, 2}, σ_b² = 0</c>.</summary>
    public static string Describe(GridConfig<TConfig> config)
        => $"n0 = {config.InputSize}, M = {config.Width}, L ∈ {{{string.Join(", ", config.Depths)}}}, "
            + $"σ_w² ∈ {{{string.Join(", ", config.SigmaW2.Select(s => s.ToString("0.###", CultureInfo.InvariantCulture)))}}}, σ_b² = {config.SigmaB2.ToString(CultureInfo.InvariantCulture)}";
}

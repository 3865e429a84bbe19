using System.CommandLine;
using NtkGen.Baselines;

// The libtorch baselines of NtkGen's speed claims, measured in the same run on this machine (benchmarks/README.md):
//   dotnet run -c Release --project benchmarks/NtkGen.Baselines -- --widths 96,200,384,512,768 --precision f32,f64
var widths = new Option<string>("--widths") { Description = "Hidden widths M, comma-separated.", DefaultValueFactory = _ => "96,200,384,512,768" };
var precisions = new Option<string>("--precision") { Description = "f32, f64 or both (comma-separated).", DefaultValueFactory = _ => "f32,f64" };
var batch = new Option<int>("--batch") { Description = "Inputs N (Θ is N × N).", DefaultValueFactory = _ => 128 };
var n0 = new Option<int>("--n0") { Description = "Input dimension n0.", DefaultValueFactory = _ => 64 };
var depth = new Option<int>("--depth") { Description = "Weight layers L (L − 1 hidden layers of width M).", DefaultValueFactory = _ => 8 };
var outputs = new Option<int>("--outputs") { Description = "Output units O.", DefaultValueFactory = _ => 1 };
var threads = new Option<int>("--threads") { Description = "Threads for NtkGen and libtorch.", DefaultValueFactory = _ => Environment.ProcessorCount };
var autogradLimit = new Option<int>("--autograd-max-mb") { Description = "Largest per-sample Jacobian the autograd baseline may build, in MB (larger shapes: skipped).", DefaultValueFactory = _ => 1024 };
var root = new RootCommand("Θ(X, X) of a ReLU network n0 → M × (L − 1) → O on NtkGen (the kernel its registry picks) against libtorch, structured and by per-sample autograd, with GFLOP/s and % of the FMA peak measured in the same run.")
{
    widths, precisions, batch, n0, depth, outputs, threads, autogradLimit,
};
root.SetAction(parsed =>
{
    var settings = new BaselineSettings(
        parsed.GetValue(batch), parsed.GetValue(n0), parsed.GetValue(depth), parsed.GetValue(outputs), parsed.GetValue(threads),
        (long)parsed.GetValue(autogradLimit) << 20);
    var widthList = parsed.GetValue(widths)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse).ToList();
    var precisionList = parsed.GetValue(precisions)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
    Console.Error.WriteLine(TorchSharpNativeFix.Apply());
    BaselineRun.Run(settings, widthList, precisionList, Console.Out);
    return 0;
});
return root.Parse(args).Invoke();

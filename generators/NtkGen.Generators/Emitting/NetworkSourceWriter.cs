using System.Globalization;
using System.Linq;
using NtkGen.Generators.Models;

namespace NtkGen.Generators.Emitting
{
    /// <summary>
    /// Writes the members a declaration adds to the user's type: its <c>Spec</c>, helpers to draw parameters and get the
    /// kernel, and the module initializer that registers the generated kernels with <c>KernelRegistry</c>.
    /// </summary>
    internal static class NetworkSourceWriter
    {
        private const string FloatingPoint = "global::System.Numerics.IBinaryFloatingPointIeee754<T>";

        public static string Write(NetworkDeclaration network, GeneratorOptions options)
        {
            var writer = new IndentedTextWriter();
            SourceFile.WriteHeader(writer);
            SourceFile.WithinType(writer, network, () => WriteMembers(writer, network, options));
            return writer.ToString();
        }

        private static void WriteMembers(IndentedTextWriter w, NetworkDeclaration network, GeneratorOptions options)
        {
            var hidden = network.Widths.Skip(1).Take(network.LayerCount - 1).Select(x => x.ToString(CultureInfo.InvariantCulture));
            w.WriteLine($"/// <summary>The network declared on this type: {KernelSourceWriter.Describe(network)}.</summary>");
            w.WriteLine(SourceFile.GeneratedCodeAttribute);
            w.WriteLine("public static global::NtkGen.NetworkSpec Spec { get; } = new global::NtkGen.NetworkSpec(");
            w.WriteLine($"    inputSize: {network.InputSize},");
            w.WriteLine($"    hiddenWidths: new int[] {{ {string.Join(", ", hidden)} }},");
            w.WriteLine($"    outputSize: {network.OutputSize},");
            w.WriteLine($"    activation: global::NtkGen.Activation.{network.Activation.Member},");
            w.WriteLine($"    sigmaW2: {Double(network.SigmaW2)},");
            w.WriteLine($"    sigmaB2: {Double(network.SigmaB2)},");
            w.WriteLine($"    parametrization: global::NtkGen.Parametrization.{(network.NtkParametrization ? "Ntk" : "Standard")},");
            w.WriteLine($"    includeBiases: {(network.IncludeBiases ? "true" : "false")},");
            w.WriteLine($"    leakySlope: {Double(network.LeakySlope)});");
            w.WriteLine();
            w.WriteLine("/// <summary>Parameters drawn at initialization from <paramref name=\"seed\"/> and <paramref name=\"stream\"/> (same seed, same network, on any thread).</summary>");
            w.WriteLine(SourceFile.GeneratedCodeAttribute);
            w.WriteLine($"public static global::NtkGen.NetworkParameters<T> CreateParameters<T>(ulong seed, ulong stream = 0) where T : unmanaged, {FloatingPoint}");
            w.WriteLine("    => Spec.CreateParameters<T>(seed, stream);");
            w.WriteLine();
            w.WriteLine("/// <summary>The fastest kernel for this network on this machine (honours NTKGEN_KERNEL).</summary>");
            w.WriteLine(SourceFile.GeneratedCodeAttribute);
            w.WriteLine($"public static global::NtkGen.Kernels.INtkKernel<T> Kernel<T>() where T : unmanaged, {FloatingPoint}");
            w.WriteLine("    => global::NtkGen.Kernels.KernelRegistry.Resolve<T>(Spec);");
            w.WriteLine();
            w.WriteLine("/// <summary>Registers the generated kernels of this network; runs when the module loads.</summary>");
            w.WriteLine(SourceFile.GeneratedCodeAttribute);
            w.WriteLine("[global::System.Runtime.CompilerServices.ModuleInitializer]");
            using (w.WriteBlock("internal static void RegisterNtkKernels()"))
            {
                foreach (var flavor in KernelFlavor.For(network, options))
                {
                    w.WriteLine($"global::NtkGen.Kernels.KernelRegistry.Register<{flavor.Element}>(Spec, global::NtkGen.Kernels.KernelTier.{flavor.TierName}, static spec => new {flavor.ClassName}(spec));");
                }
            }
        }

        private static string Double(double value)
        {
            var text = value.ToString("R", CultureInfo.InvariantCulture);
            return text.Contains(".") || text.Contains("E") ? text : text + ".0";
        }
    }
}

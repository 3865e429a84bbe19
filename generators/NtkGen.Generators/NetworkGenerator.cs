using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NtkGen.Generators.Diagnostics;
using NtkGen.Generators.Emitting;
using NtkGen.Generators.Models;

namespace NtkGen.Generators
{
    /// <summary>
    /// Generates fixed-width SIMD kernels for every type marked <c>[FullyConnectedNetwork]</c>. Invalid declarations (and
    /// target frameworks without <c>Vector512</c>) are skipped here and reported by <see cref="NetworkDeclarationAnalyzer"/>.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class NetworkGenerator : IIncrementalGenerator
    {
        /// <summary>Tracking names of the pipeline steps, for incrementality tests.</summary>
        public static class TrackingNames
        {
            public const string Declarations = nameof(Declarations);
            public const string Options = nameof(Options);
            public const string WithOptions = nameof(WithOptions);
            public const string TargetFramework = nameof(TargetFramework);
        }

        /// <inheritdoc/>
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var declarations = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    NetworkDeclarationReader.AttributeMetadataName,
                    static (node, _) => node is ClassDeclarationSyntax or StructDeclarationSyntax or RecordDeclarationSyntax,
                    static (syntaxContext, cancellationToken) =>
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        if (syntaxContext.TargetSymbol is not INamedTypeSymbol type || syntaxContext.Attributes.Length == 0) return null;
                        return NetworkDeclarationReader.Read(type, syntaxContext.Attributes[0], new List<Diagnostic>(), cancellationToken);
                    })
                .Where(static declaration => declaration is not null)
                .Select(static (declaration, _) => declaration!)
                .WithTrackingName(TrackingNames.Declarations);

            var options = context.AnalyzerConfigOptionsProvider
                .Select(static (provider, _) => GeneratorOptions.Read(provider.GlobalOptions))
                .WithTrackingName(TrackingNames.Options);

            // One bool per compilation: equal from edit to edit, so it never invalidates the outputs by itself.
            var targetSupported = context.CompilationProvider
                .Select(static (compilation, _) => TargetFrameworkSupport.HasVector512(compilation))
                .WithTrackingName(TrackingNames.TargetFramework);

            var work = declarations.Combine(options).WithTrackingName(TrackingNames.WithOptions).Combine(targetSupported);

            context.RegisterSourceOutput(work, static (output, item) =>
            {
                var ((network, generatorOptions), supported) = item;
                // A framework without Vector512 cannot compile the kernels: NTK0018 says so, nothing is generated.
                if (!supported) return;
                // All of a network's files or none, and a failure on one network never takes the others (or the build's
                // other generators) down with it: it is reported on that network, as NTK0021.
                var files = new List<(string Name, string Text)>();
                try
                {
                    files.Add(($"{network.HintName}.Network.g.cs", NetworkSourceWriter.Write(network, generatorOptions)));
                    foreach (var flavor in KernelFlavor.For(network, generatorOptions))
                    {
                        output.CancellationToken.ThrowIfCancellationRequested();
                        files.Add(($"{network.HintName}.{flavor.ClassName}.g.cs", KernelSourceWriter.Write(network, flavor, generatorOptions)));
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.GeneratorFailed, Location.None, network.DisplayName, e.GetType().Name, e.Message));
                    return;
                }
                foreach (var (name, text) in files) output.AddSource(name, text);
            });
        }
    }
}

using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using NtkGen.Generators.Emitting;
using NtkGen.Generators.Models;

namespace NtkGen.Generators.Diagnostics
{
    /// <summary>Reports what is wrong with a <c>[FullyConnectedNetwork]</c> declaration (the generator itself stays silent).</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class NetworkDeclarationAnalyzer : DiagnosticAnalyzer
    {
        /// <inheritdoc/>
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.All);

        /// <inheritdoc/>
        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(static start =>
            {
                var attributeType = start.Compilation.GetTypeByMetadataName(NetworkDeclarationReader.AttributeMetadataName);
                if (attributeType is null) return;

                // The same options the generator reads: what it will emit decides NTK0017.
                var optionProblems = new List<OptionProblem>();
                var options = GeneratorOptions.Read(start.Options.AnalyzerConfigOptionsProvider.GlobalOptions, optionProblems);
                bool hasVector512 = TargetFrameworkSupport.HasVector512(start.Compilation);

                start.RegisterSymbolAction(symbolContext => Analyze(symbolContext, attributeType, options, hasVector512), SymbolKind.NamedType);
                if (optionProblems.Count > 0)
                {
                    start.RegisterCompilationEndAction(end =>
                    {
                        foreach (var problem in optionProblems)
                            end.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InvalidOption, Location.None, problem.Property, problem.Value, problem.Expected, problem.DefaultUsed));
                    });
                }
            });
        }

        private static void Analyze(SymbolAnalysisContext context, INamedTypeSymbol attributeType, GeneratorOptions options, bool hasVector512)
        {
            var type = (INamedTypeSymbol)context.Symbol;
            foreach (var attribute in type.GetAttributes())
            {
                if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, attributeType)) continue;
                var problems = new List<Diagnostic>();
                var declaration = NetworkDeclarationReader.Read(type, attribute, problems, context.CancellationToken);
                foreach (var problem in problems) context.ReportDiagnostic(problem);

                var location = attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation() ?? Location.None;
                if (declaration is not null && declaration.Activation.Member != "LeakyReLU" && attribute.NamedArguments.Any(a => a.Key == "LeakySlope"))
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.LeakySlopeUnused, location, type.Name, declaration.Activation.Member));
                if (!hasVector512)
                {
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.TargetFrameworkLacksVector512, location, type.Name));
                }
                else if (declaration is not null && KernelFlavor.LoopedRow(declaration, options) is { } looped)
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.NetworkExceedsUnrollLimit, location,
                        type.Name, looped.Width, looped.Vectors, $"Vector{looped.Vector.Bits}<{looped.Vector.Element}>", options.UnrollLimit));
                }
            }
        }
    }
}

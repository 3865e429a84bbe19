using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace NtkGen.Generators.Diagnostics
{
    /// <summary>Reports what is wrong with a <c>[FullyConnectedNetwork]</c> declaration (the generator itself stays silent).</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class NetworkDeclarationAnalyzer : DiagnosticAnalyzer
    {
        /// <inheritdoc/>
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            DiagnosticDescriptors.TypeMustBePartial,
            DiagnosticDescriptors.ContainingTypeMustBePartial,
            DiagnosticDescriptors.InputSizeMustBePositive,
            DiagnosticDescriptors.HiddenWidthMustBePositive,
            DiagnosticDescriptors.OutputSizeMustBePositive,
            DiagnosticDescriptors.SigmaW2MustBePositive,
            DiagnosticDescriptors.SigmaB2MustBeNonNegative,
            DiagnosticDescriptors.UnknownActivation,
            DiagnosticDescriptors.UnknownParametrization,
            DiagnosticDescriptors.InvalidElementTypes,
            DiagnosticDescriptors.GenericTypeNotSupported,
            DiagnosticDescriptors.ActivationNotSupportedYet,
            DiagnosticDescriptors.TypeMustBeAccessible,
            DiagnosticDescriptors.InvalidLeakySlope,
            DiagnosticDescriptors.FileLocalTypeNotSupported,
            DiagnosticDescriptors.MemberNameTaken);

        /// <inheritdoc/>
        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(static start =>
            {
                var attributeType = start.Compilation.GetTypeByMetadataName(NetworkDeclarationReader.AttributeMetadataName);
                if (attributeType is null) return;
                start.RegisterSymbolAction(symbolContext => Analyze(symbolContext, attributeType), SymbolKind.NamedType);
            });
        }

        private static void Analyze(SymbolAnalysisContext context, INamedTypeSymbol attributeType)
        {
            var type = (INamedTypeSymbol)context.Symbol;
            foreach (var attribute in type.GetAttributes())
            {
                if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, attributeType)) continue;
                var problems = new List<Diagnostic>();
                NetworkDeclarationReader.Read(type, attribute, problems, context.CancellationToken);
                foreach (var problem in problems) context.ReportDiagnostic(problem);
            }
        }
    }
}

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NtkGen.Generators.Models;

namespace NtkGen.Generators.Diagnostics
{
    /// <summary>
    /// Reads a <c>[FullyConnectedNetwork]</c> attribute into a <see cref="NetworkDeclaration"/> and lists what is wrong
    /// with it. The analyzer reports the problems; the generator emits nothing for a declaration that has any.
    /// </summary>
    internal static class NetworkDeclarationReader
    {
        public const string AttributeMetadataName = "NtkGen.FullyConnectedNetworkAttribute";

        /// <summary>Static members and nested types the generator adds to the network type.</summary>
        private static readonly string[] GeneratedMemberNames = { "Spec", "CreateParameters", "Kernel", "RegisterNtkKernels" };

        private const string GeneratedKernelPrefix = "NtkKernel";
        private const double MaxScale = 1e6;

        /// <summary>
        /// The declaration, or <see langword="null"/> when it has problems (added to <paramref name="problems"/>) or when
        /// the compiler already rejects the attribute's arguments (nothing added: the compiler's error says it).
        /// </summary>
        public static NetworkDeclaration? Read(INamedTypeSymbol type, AttributeData attribute, List<Diagnostic> problems, CancellationToken cancellationToken)
        {
            string name = type.Name;
            var attributeLocation = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? Location.None;
            var typeLocation = type.Locations.FirstOrDefault() ?? Location.None;

            // A constructor argument the compiler could not bind is already a compiler error: stay silent.
            if (attribute.AttributeConstructor is null || attribute.ConstructorArguments.Any(a => a.Kind == TypedConstantKind.Error))
                return null;

            int problemsBefore = problems.Count;
            CheckTypeShape(type, typeLocation, problems, cancellationToken);

            var arguments = attribute.ConstructorArguments;
            int inputSize = (int)arguments[0].Value!;
            int outputSize = (int)arguments[arguments.Length - 1].Value!;
            var hidden = new List<int>();
            if (arguments.Length == 3)
            {
                if (arguments[1].IsNull)
                {
                    problems.Add(Diagnostic.Create(DiagnosticDescriptors.HiddenWidthMustBePositive, attributeLocation, name, "hiddenWidths", "the array must not be null (use [] for no hidden layer)"));
                }
                else
                {
                    var values = arguments[1].Values;
                    for (int i = 0; i < values.Length; i++)
                    {
                        int width = (int)values[i].Value!;
                        hidden.Add(width);
                        if (width <= 0)
                            problems.Add(Diagnostic.Create(DiagnosticDescriptors.HiddenWidthMustBePositive, attributeLocation, name, $"Hidden width {i + 1}", $"{width}; widths must be at least 1"));
                    }
                }
            }
            else
            {
                int width = (int)arguments[1].Value!;
                int layers = (int)arguments[2].Value!;
                if (layers < 0)
                    problems.Add(Diagnostic.Create(DiagnosticDescriptors.HiddenWidthMustBePositive, attributeLocation, name, "hiddenLayers", $"{layers}; the number of hidden layers must be zero or more"));
                else if (layers > 0 && width <= 0)
                    problems.Add(Diagnostic.Create(DiagnosticDescriptors.HiddenWidthMustBePositive, attributeLocation, name, "hiddenWidth", $"{width}; widths must be at least 1"));
                for (int i = 0; i < layers; i++) hidden.Add(width);
            }
            if (inputSize <= 0) problems.Add(Diagnostic.Create(DiagnosticDescriptors.InputSizeMustBePositive, attributeLocation, name, inputSize));
            if (outputSize <= 0) problems.Add(Diagnostic.Create(DiagnosticDescriptors.OutputSizeMustBePositive, attributeLocation, name, outputSize));

            int activation = NamedInt(attribute, "Activation", 0);
            double leakySlope = NamedDouble(attribute, "LeakySlope", 0.01);
            double sigmaW2 = NamedDouble(attribute, "SigmaW2", 2.0);
            double sigmaB2 = NamedDouble(attribute, "SigmaB2", 0.0);
            int parametrization = NamedInt(attribute, "Parametrization", 0);
            // 0: not set in the attribute, so the NtkGenElementTypes option decides.
            int elementTypes = NamedInt(attribute, "ElementTypes", 0);
            bool includeBiases = NamedBool(attribute, "IncludeBiases", true);

            // The upper bounds keep every constant the kernels embed (σ_w/√n, σ_w²/n, the slope) a finite float.
            if (!(sigmaW2 > 0) || !(sigmaW2 <= MaxScale))
                problems.Add(Diagnostic.Create(DiagnosticDescriptors.SigmaW2MustBePositive, attributeLocation, name, Format(sigmaW2)));
            if (!(sigmaB2 >= 0) || double.IsInfinity(sigmaB2))
                problems.Add(Diagnostic.Create(DiagnosticDescriptors.SigmaB2MustBeNonNegative, attributeLocation, name, Format(sigmaB2)));
            if (!(Math.Abs(leakySlope) <= MaxScale))
                problems.Add(Diagnostic.Create(DiagnosticDescriptors.InvalidLeakySlope, attributeLocation, name, Format(leakySlope)));
            var described = ActivationTable.Find(activation);
            if (described is null)
                problems.Add(Diagnostic.Create(DiagnosticDescriptors.UnknownActivation, attributeLocation, name, activation, ActivationTable.Names));
            if (parametrization != 0 && parametrization != 1)
                problems.Add(Diagnostic.Create(DiagnosticDescriptors.UnknownParametrization, attributeLocation, name, parametrization));
            if (Named(attribute, "ElementTypes") is not null && (elementTypes < 1 || elementTypes > 3))
                problems.Add(Diagnostic.Create(DiagnosticDescriptors.InvalidElementTypes, attributeLocation, name, elementTypes));

            if (problems.Count > problemsBefore) return null;

            var widths = new List<int> { inputSize };
            widths.AddRange(hidden);
            widths.Add(outputSize);
            if (TooLarge(widths) is { } size)
            {
                problems.Add(Diagnostic.Create(DiagnosticDescriptors.NetworkTooLarge, attributeLocation, name, size, MaxWidth));
                return null;
            }
            return new NetworkDeclaration(
                Namespace: type.ContainingNamespace.IsGlobalNamespace ? "" : type.ContainingNamespace.ToDisplayString(),
                HintName: HintNameOf(type),
                DisplayName: type.ToDisplayString(),
                Types: new EquatableArray<TypeHeader>(HeadersOf(type, cancellationToken)),
                Widths: new EquatableArray<int>(widths),
                Activation: described!,
                LeakySlope: leakySlope,
                SigmaW2: sigmaW2,
                SigmaB2: sigmaB2,
                NtkParametrization: parametrization == 1,
                ElementTypes: elementTypes,
                IncludeBiases: includeBiases);
        }

        /// <summary>
        /// The widest layer the generator writes kernels for. Generated code spends locals and constants per vector of a
        /// row; far wider layers exceed what one method may hold, and the run-time-width kernel serves them anyway.
        /// </summary>
        public const int MaxWidth = 16384;

        /// <summary>What makes the network too large to generate, or null.</summary>
        private static string? TooLarge(List<int> widths)
        {
            int widest = widths.Max();
            if (widest > MaxWidth) return $"a layer of width {widest}";
            long parameters = 0;
            for (int l = 1; l < widths.Count; l++) parameters += (long)widths[l] * widths[l - 1] + widths[l];
            return parameters > int.MaxValue ? $"{parameters} parameters" : null;
        }

        private static void CheckTypeShape(INamedTypeSymbol type, Location location, List<Diagnostic> problems, CancellationToken cancellationToken)
        {
            if (type.IsFileLocal)
                problems.Add(Diagnostic.Create(DiagnosticDescriptors.FileLocalTypeNotSupported, location, type.Name));
            foreach (var member in type.GetMembers())
            {
                // The analyzer also sees the generator's own output: only members the user wrote count.
                bool taken = Array.IndexOf(GeneratedMemberNames, member.Name) >= 0 || member.Name.StartsWith(GeneratedKernelPrefix, StringComparison.Ordinal);
                if (taken && !member.IsImplicitlyDeclared && member.DeclaringSyntaxReferences.Any(r => !IsGenerated(r.SyntaxTree)))
                {
                    problems.Add(Diagnostic.Create(DiagnosticDescriptors.MemberNameTaken, location, type.Name, member.Name));
                    break;
                }
            }
            if (!IsPartial(type, cancellationToken))
                problems.Add(Diagnostic.Create(DiagnosticDescriptors.TypeMustBePartial, location, type.Name));
            for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
            {
                if (!IsPartial(outer, cancellationToken))
                    problems.Add(Diagnostic.Create(DiagnosticDescriptors.ContainingTypeMustBePartial, location, type.Name, outer.Name));
            }
            for (var t = type; t is not null; t = t.ContainingType)
            {
                if (t.IsGenericType)
                {
                    problems.Add(Diagnostic.Create(DiagnosticDescriptors.GenericTypeNotSupported, location, type.Name));
                    break;
                }
            }
            for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
            {
                if (outer.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal)
                {
                    problems.Add(Diagnostic.Create(DiagnosticDescriptors.TypeMustBeAccessible, location, type.Name));
                    break;
                }
            }
            if (type.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal)
                problems.Add(Diagnostic.Create(DiagnosticDescriptors.TypeMustBeAccessible, location, type.Name));
        }

        private static bool IsGenerated(SyntaxTree tree)
            => tree.FilePath.IndexOf(typeof(NetworkGenerator).FullName, StringComparison.Ordinal) >= 0;

        private static bool IsPartial(INamedTypeSymbol type, CancellationToken cancellationToken)
            => type.DeclaringSyntaxReferences.Any(r =>
                r.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration
                && declaration.Modifiers.Any(m => m.ValueText == "partial"));

        private static IEnumerable<TypeHeader> HeadersOf(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            var chain = new List<TypeHeader>();
            for (var t = type; t is not null; t = t.ContainingType)
            {
                var syntax = t.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<TypeDeclarationSyntax>().FirstOrDefault();
                string keyword = syntax switch
                {
                    RecordDeclarationSyntax record when record.ClassOrStructKeyword.ValueText.Length > 0 => "record " + record.ClassOrStructKeyword.ValueText,
                    RecordDeclarationSyntax => "record",
                    InterfaceDeclarationSyntax => "interface",
                    StructDeclarationSyntax => "struct",
                    _ => "class",
                };
                // 'ref' must precede 'partial'; the other modifiers need not be repeated on a partial declaration.
                string declaration = (t.IsRefLikeType ? "ref " : "") + "partial " + keyword;
                chain.Insert(0, new TypeHeader(declaration, EscapeKeyword(t.Name)));
            }
            return chain;
        }

        private static string EscapeKeyword(string name) => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

        /// <summary>A file-name-safe, unique prefix: namespace and type names (arity included), keywords unescaped.</summary>
        private static string HintNameOf(INamedTypeSymbol type)
        {
            var parts = new List<string>();
            for (var t = type; t is not null; t = t.ContainingType) parts.Insert(0, t.MetadataName);
            string types = string.Join("+", parts);
            var names = new List<string>();
            for (var ns = type.ContainingNamespace; ns is not null && !ns.IsGlobalNamespace; ns = ns.ContainingNamespace) names.Insert(0, ns.Name);
            names.Add(types);
            var text = string.Join(".", names);
            var safe = new StringBuilder(text.Length);
            foreach (char c in text) safe.Append(char.IsLetterOrDigit(c) || c == '.' || c == '+' || c == '_' || c == '`' ? c : '_');
            return safe.ToString();
        }

        private static int NamedInt(AttributeData attribute, string name, int fallback)
            => Named(attribute, name) is { Value: int value } ? value : fallback;

        private static double NamedDouble(AttributeData attribute, string name, double fallback)
            => Named(attribute, name) switch
            {
                { Value: double value } => value,
                { Value: float value } => value,
                { Value: int value } => value,
                _ => fallback,
            };

        private static bool NamedBool(AttributeData attribute, string name, bool fallback)
            => Named(attribute, name) is { Value: bool value } ? value : fallback;

        private static TypedConstant? Named(AttributeData attribute, string name)
        {
            foreach (var pair in attribute.NamedArguments)
            {
                if (pair.Key == name && pair.Value.Kind != TypedConstantKind.Error) return pair.Value;
            }
            return null;
        }

        private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    }
}

using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using NtkGen.Generators.Diagnostics;
using NtkGen.Generators.Models;

namespace NtkGen.Generators.Tests;

/// <summary>
/// What a user sees of a diagnostic or an option is documented where they look: each id has its help link, a row in
/// docs/diagnostics.md and in the analyzer release file; each MSBuild option reaches the compiler through the
/// package's props and is described in docs/packaging.md.
/// </summary>
[TestClass]
public sealed class DiagnosticDocumentationTests
{
    [TestMethod]
    public void EveryDiagnostic_HasAHelpLinkToItsRowInTheDiagnosticsPage()
    {
        string page = File.ReadAllText(RepositoryFile("docs/diagnostics.md"));

        foreach (var descriptor in DiagnosticDescriptors.All)
        {
            string anchor = descriptor.Id.ToLowerInvariant();
            Assert.AreEqual("docs/diagnostics.md#" + anchor, descriptor.HelpLinkUri, descriptor.Id);
            Assert.Contains($"<a id=\"{anchor}\"></a>{descriptor.Id}", page, $"docs/diagnostics.md has no row for {descriptor.Id}.");
        }
    }

    [TestMethod]
    public void EveryDiagnostic_IsInTheReleaseFileWithItsSeverity()
    {
        string releases = File.ReadAllText(RepositoryFile("generators/NtkGen.Generators/AnalyzerReleases.Unshipped.md"));

        foreach (var descriptor in DiagnosticDescriptors.All)
            Assert.Contains($"{descriptor.Id} | NtkGen | {descriptor.DefaultSeverity} |", releases, descriptor.Id);
    }

    [TestMethod]
    public void EveryDiagnostic_IsSupportedByTheAnalyzer_AndTheOthersSayWhatToDo()
    {
        var supported = new NetworkDeclarationAnalyzer().SupportedDiagnostics;

        CollectionAssert.AreEquivalent(DiagnosticDescriptors.All, supported.ToArray());
        Assert.HasCount(DiagnosticDescriptors.All.Length, DiagnosticDescriptors.All.Select(d => d.Id).Distinct());
        // The declaration errors put their fix in the arguments (AnalyzerDiagnosticTests checks the formatted messages);
        // the others carry it in the format itself.
        foreach (var descriptor in DiagnosticDescriptors.All.Where(d => string.CompareOrdinal(d.Id, "NTK0017") >= 0))
        {
            string format = descriptor.MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.IsTrue(FixHint.IsMatch(format), $"{descriptor.Id}: '{format}' does not say how to fix it.");
        }
    }

    [TestMethod]
    public void EveryOption_IsCompilerVisibleAndDocumented()
    {
        string props = File.ReadAllText(RepositoryFile("src/NtkGen/buildTransitive/NtkGen.props"));
        string optionsPage = File.ReadAllText(RepositoryFile("docs/packaging.md"));

        var properties = typeof(GeneratorOptions)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.Name.EndsWith("Property", StringComparison.Ordinal))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();

        Assert.HasCount(5, properties);
        foreach (var property in properties)
        {
            Assert.Contains($"<CompilerVisibleProperty Include=\"{property}\" />", props, property);
            Assert.Contains($"`{property}`", optionsPage, $"docs/packaging.md does not document {property}.");
        }
    }

    /// <summary>Words of a message that tells how to fix the problem: an imperative, or the rule the value must follow.</summary>
    internal static readonly Regex FixHint = new(@"\b(add|use|set|make|rename|declare|give|must|fix)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>A file of this repository, found from the test's output folder upwards.</summary>
    internal static string RepositoryFile(string relativePath)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "NtkGen.sln")))
                return Path.Combine(directory.FullName, relativePath);
        }
        Assert.Fail("The repository root (with NtkGen.sln) is not above " + AppContext.BaseDirectory);
        return "";
    }
}

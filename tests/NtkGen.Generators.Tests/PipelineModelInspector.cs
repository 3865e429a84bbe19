using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace NtkGen.Generators.Tests;

/// <summary>
/// Walks a pipeline value's fields (records, tuples, arrays) and fails on anything that ties it to one compilation:
/// symbols, syntax nodes or tokens, locations, semantic models, compilations (STYLE.md item 3).
/// </summary>
internal static class PipelineModelInspector
{
    private static readonly Type[] Forbidden =
        [typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxToken), typeof(SyntaxTree), typeof(Location), typeof(SemanticModel), typeof(Compilation), typeof(AttributeData)];

    public static void AssertHoldsNoCompilationObjects(object? value, string stepName)
        => Visit(value, stepName, stepName, new HashSet<object>(ReferenceEqualityComparer.Instance));

    private static void Visit(object? value, string path, string stepName, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum) return;
        var type = value.GetType();
        var forbidden = Forbidden.FirstOrDefault(f => f.IsAssignableFrom(type));
        Assert.IsNull(forbidden, $"Step {stepName} holds a {forbidden?.Name} at {path}.");
        if (!type.IsValueType && !seen.Add(value)) return;

        if (value is IEnumerable items)
        {
            int index = 0;
            foreach (var item in items) Visit(item, $"{path}[{index++}]", stepName, seen);
        }
        foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            Visit(field.GetValue(value), $"{path}.{field.Name}", stepName, seen);
    }
}

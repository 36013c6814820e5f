using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LossAnalyzers.Analysis;
using LossAnalyzers.CodeFixes.ActivationRemoval;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LossAnalyzers.CodeFixes.LossConversion;

/// <summary>
/// Plans, for one project, the switch of the diagnosed losses to another loss: the constructions (and every
/// call of them, which must all be convertible), the functional calls, and the declared types of the holders.
/// A diagnostic that cannot be converted safely leaves the plan as it was.
/// </summary>
internal sealed class LossConversionPlan
{
    private readonly Solution solution;
    private readonly CancellationToken cancellationToken;
    private readonly LossConversionText text;
    private ProjectScan? scan;

    private LossConversionPlan(Solution solution, LossAnalysis analysis, LossConversionMode mode, CancellationToken cancellationToken)
    {
        this.solution = solution;
        Analysis = analysis;
        Mode = mode;
        this.cancellationToken = cancellationToken;
        text = new LossConversionText(analysis, mode);
    }

    public LossAnalysis Analysis { get; }

    public LossConversionMode Mode { get; }

    /// <summary>Whole nodes (constructions, functional calls) and how to rewrite them.</summary>
    public Dictionary<SyntaxNode, System.Func<SyntaxNode, SyntaxNode>> Replacements { get; } = new();

    /// <summary>Module calls whose input and target change with the loss (LOSS003), with the input's origin.</summary>
    public Dictionary<SyntaxNode, (LossCall Call, TensorOrigin Origin)> Calls { get; } = new();

    /// <summary>Every loss call converted, module or functional, by its invocation.</summary>
    public Dictionary<SyntaxNode, LossCall> Converted { get; } = new();

    /// <summary>Declared loss types of the holders, renamed with the construction.</summary>
    public HashSet<SyntaxNode> TypeRenames { get; } = new();

    public bool IsEmpty => Replacements.Count == 0;

    public static async Task<LossConversionPlan?> CreateAsync(Solution solution, ProjectId projectId, LossConversionMode mode, CancellationToken cancellationToken)
    {
        var project = solution.GetProject(projectId);
        var compilation = project is null ? null : await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        var analysis = compilation is null ? null : LossAnalysis.TryCreate(compilation);
        return analysis is null ? null : new LossConversionPlan(solution, analysis, mode, cancellationToken);
    }

    private ProjectScan Scan => scan ??= ProjectScan.Create(Analysis, cancellationToken);

    public async Task<bool> TryAddAsync(Diagnostic diagnostic)
    {
        var call = DiagnosticLossCall.Find(Analysis, diagnostic, cancellationToken);
        if (call is null)
        {
            return false;
        }

        var origin = Analysis.OriginOf(call.Input.Value);
        if (!Mode.Accepts(call, origin))
        {
            return false;
        }

        var replacements = new Dictionary<SyntaxNode, System.Func<SyntaxNode, SyntaxNode>>();

        var calls = new Dictionary<SyntaxNode, (LossCall, TensorOrigin)>();
        var typeRenames = new HashSet<SyntaxNode>();
        if (call.IsFunctional)
        {
            if (text.FunctionalCall(call, origin) is not { } rewrite)
            {
                return false;
            }

            replacements[call.Invocation.Syntax] = current => rewrite((InvocationExpressionSyntax)current);
        }
        else if (!await AddConstructionsAsync(call, replacements, calls, typeRenames).ConfigureAwait(false))
        {
            return false;
        }

        foreach (var replacement in replacements)
        {
            Replacements[replacement.Key] = replacement.Value;
        }

        Converted[call.Invocation.Syntax] = call;
        foreach (var moduleCall in calls)
        {
            Calls[moduleCall.Key] = moduleCall.Value;
            Converted[moduleCall.Key] = moduleCall.Value.Item1;
        }

        TypeRenames.UnionWith(typeRenames);
        return true;
    }

    /// <summary>Every construction the call may use, and every call of those: all must convert.</summary>
    private Task<bool> AddConstructionsAsync(
        LossCall call,
        Dictionary<SyntaxNode, System.Func<SyntaxNode, SyntaxNode>> replacements,
        Dictionary<SyntaxNode, (LossCall, TensorOrigin)> calls,
        HashSet<SyntaxNode> typeRenames) =>
        ConstructionClosure.VisitAsync(
            call,
            Scan,
            async construction =>
            {
                if (!Mode.From.Contains(construction.Kind)
                    || text.Construction(construction) is not { } rewritten
                    || !new LossHolders(Analysis, construction.Kind, cancellationToken).TryAdd(construction, typeRenames))
                {
                    return false;
                }

                replacements[construction.Creation.Syntax] = _ => rewritten;
                return true;
            },
            other =>
            {
                var origin = Analysis.OriginOf(other.Input.Value);
                calls[other.Invocation.Syntax] = (other, origin);
                return Mode.Accepts(other, origin) && other.Input.Syntax is ArgumentSyntax && other.Target.Syntax is ArgumentSyntax;
            });
}

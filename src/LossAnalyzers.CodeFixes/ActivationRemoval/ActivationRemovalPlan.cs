using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LossAnalyzers.Analysis;
using LossAnalyzers.Rules;
using LossAnalyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.CodeFixes.ActivationRemoval;

/// <summary>
/// Plans, for one project, the removal (or replacement) of the activation that feeds a loss: which
/// activations to change, which loss constructions and calls change form (LOSS001), which other uses of the
/// changed values must be wrapped so they keep seeing what they saw, and whether all of that can be done
/// safely. Diagnostics are added one at a time; one that cannot be fixed safely leaves the plan as it was.
/// </summary>
internal sealed class ActivationRemovalPlan
{
    private readonly Solution solution;
    private readonly ProjectId projectId;
    private readonly CancellationToken cancellationToken;
    private ProjectScan? scan;

    private ActivationRemovalPlan(Solution solution, ProjectId projectId, LossAnalysis analysis, ActivationRemovalMode mode, CancellationToken cancellationToken)
    {
        this.solution = solution;
        this.projectId = projectId;
        Analysis = analysis;
        Mode = mode;
        this.cancellationToken = cancellationToken;
    }

    public LossAnalysis Analysis { get; }

    public ActivationRemovalMode Mode { get; }

    /// <summary>Where an activation is applied and will be removed or replaced.</summary>
    public HashSet<ActivationSite> Sites { get; } = new();

    /// <summary>Input expressions of loss calls that take logits once the fix is applied.</summary>
    public HashSet<SyntaxNode> Sinks { get; } = new();

    /// <summary><c>binary_cross_entropy(...)</c> invocations that become <c>binary_cross_entropy_with_logits(...)</c>.</summary>
    public HashSet<SyntaxNode> FunctionalRenames { get; } = new();

    /// <summary><c>BCELoss(...)</c> constructions that become <c>BCEWithLogitsLoss(...)</c>.</summary>
    public HashSet<SyntaxNode> ConstructionRenames { get; } = new();

    /// <summary>Declared types <c>BCELoss</c> of the variables, fields and properties that hold a converted loss.</summary>
    public HashSet<SyntaxNode> TypeRenames { get; } = new();

    /// <summary>
    /// Expressions whose value changes where the old value was used, with the site whose activation they must
    /// get back (<c>torch.sigmoid</c>, <c>torch.softmax</c>, or <c>torch.exp</c> after a log_softmax).
    /// </summary>
    public Dictionary<SyntaxNode, ActivationSite> Wraps { get; } = new();

    public bool IsEmpty => Sites.Count == 0;

    public static async Task<ActivationRemovalPlan?> CreateAsync(Solution solution, ProjectId projectId, ActivationRemovalMode mode, CancellationToken cancellationToken)
    {
        var project = solution.GetProject(projectId);
        var compilation = project is null ? null : await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        var analysis = compilation is null ? null : LossAnalysis.TryCreate(compilation);
        return analysis is null ? null : new ActivationRemovalPlan(solution, projectId, analysis, mode, cancellationToken);
    }

    private ProjectScan Scan => scan ??= ProjectScan.Create(Analysis, cancellationToken);

    /// <summary>Adds the fix for one diagnostic; false (and no change) when it cannot be fixed safely.</summary>
    public async Task<bool> TryAddAsync(Diagnostic diagnostic) =>
        DiagnosticLossCall.Find(Analysis, diagnostic, cancellationToken) is { } call
        && await TryAddCallAsync(call, LossRule.HasFixForm(diagnostic, Loss002SigmoidIntoBceWithLogits.SiblingFix)).ConfigureAwait(false);

    /// <summary>
    /// Adds the fix for one loss call (and, when the loss changes form, every call of its construction); with
    /// <paramref name="toSibling"/>, the input is replaced by the tuple element that holds the logits.
    /// </summary>
    public async Task<bool> TryAddCallAsync(LossCall call, bool toSibling = false)
    {
        var part = new Part();
        if (!AddCall(call, part, toSibling))
        {
            return false;
        }

        if (Mode.ConvertTo is not null && !call.IsFunctional && !await AddConstructionsAsync(call, part).ConfigureAwait(false))
        {
            return false;
        }

        if (!part.Sites.All(SiteCanBeRemoved))
        {
            return false;
        }

        Sites.UnionWith(part.Sites);
        Sinks.UnionWith(part.Sinks);
        FunctionalRenames.UnionWith(part.FunctionalRenames);
        ConstructionRenames.UnionWith(part.ConstructionRenames);
        TypeRenames.UnionWith(part.TypeRenames);
        return true;
    }

    /// <summary>Sites and sinks chosen by a caller that converts the loss itself (the [p, 1 - p] fix); false when a site cannot go.</summary>
    public bool TryAdd(IEnumerable<ActivationSite> sites, IEnumerable<SyntaxNode> sinks)
    {
        var list = sites.ToList();
        if (!list.All(SiteCanBeRemoved))
        {
            return false;
        }

        Sites.UnionWith(list);
        Sinks.UnionWith(sinks);
        return true;
    }

    /// <summary>
    /// Finds every value the removal changes from probabilities to logits and decides, for each use, whether
    /// it is one of the loss inputs (fine) or something else (wrapped). False when a changed model is used
    /// where the fix cannot follow it.
    /// </summary>
    public async Task<bool> CompleteAsync()
    {
        if (IsEmpty)
        {
            return false;
        }

        var uses = new ProbabilityUses(Analysis, Sinks, Mode);
        foreach (var site in Sites)
        {
            if (site.Kind == SiteKind.UnwrapCall && Operation(site.Node) is { } siteValue)
            {
                uses.Visit(siteValue, site);
            }
        }

        foreach (var call in Scan.ModuleCalls)
        {
            if (Sites.Contains(new ActivationSite(SiteKind.UnwrapCall, call.Syntax, null)))
            {
                continue;
            }

            var changed = Analysis.OriginOf(call).Sites.Where(Sites.Contains).ToList();
            if (changed.Count == 0)
            {
                continue;
            }

            // Every changed activation reaching this call must be restored the same way.
            if (changed.Select(WrapKey).Distinct().Count() != 1)
            {
                return false;
            }

            uses.Visit(call, changed[0]);
        }

        if (uses.Conflicting)
        {
            return false;
        }

        foreach (var wrap in uses.Wraps)
        {
            Wraps[wrap.Key] = wrap.Value;
        }

        return await new ModuleEscapes(solution, projectId, Analysis, Sites, cancellationToken).AreContainedAsync().ConfigureAwait(false);
    }

    /// <summary>How a use of the value changed at <paramref name="site"/> gets its old value back.</summary>
    public string WrapKey(ActivationSite site) => ProbabilityUses.WrapKey(site, Mode);

    /// <summary>One loss call: its input must come from the mode's activation, applied visibly in source.</summary>
    private bool AddCall(LossCall call, Part part, bool toSibling = false)
    {
        if (call.Kind != Mode.Loss)
        {
            return false;
        }

        var origin = Analysis.OriginOf(call.Input.Value);
        if (!Mode.Activations.Contains(origin.Kind) || origin.Sites.IsEmpty || origin.Sites.Any(s => s.Activation != origin.Kind))
        {
            return false;
        }

        if (toSibling && Analysis.TupleSibling(call.Input.Value, origin) is { DeclaringSyntaxReferences: { Length: 1 } declaration })
        {
            // The loss takes the tuple element that holds the logits; the tuple itself stays as it is.
            part.Sites.Add(new ActivationSite(SiteKind.Sibling, call.Input.Value.Syntax, declaration[0].GetSyntax(cancellationToken), origin.Kind));
        }
        else
        {
            part.Sites.UnionWith(origin.Sites.Select(site => AtHelperCall(call.Input.Value, site) ?? site));
        }

        part.Sinks.Add(call.Input.Value.Syntax);
        if (Mode.ConvertTo is not null && call.IsFunctional)
        {
            part.FunctionalRenames.Add(call.Invocation.Syntax);
        }

        return true;
    }

    /// <summary>
    /// Converting a loss construction converts every call of it: each of those must also receive sigmoid
    /// probabilities, and the loss must not be handed to code the fix cannot see.
    /// </summary>
    private Task<bool> AddConstructionsAsync(LossCall call, Part part) =>
        ConstructionClosure.VisitAsync(
            call,
            Scan,
            async construction =>
            {
                if (construction.Kind != Mode.Loss
                    || !new LossHolders(Analysis, Mode.Loss, cancellationToken).TryAdd(construction, part.TypeRenames))
                {
                    return false;
                }

                part.ConstructionRenames.Add(construction.Creation.Syntax);
                return true;
            },
            other => part.Sinks.Contains(other.Input.Value.Syntax) || AddCall(other, part));

    /// <summary>
    /// A helper or extension method that only applies the activation to its parameter (<c>Tensor Act(Tensor t) =>
    /// t.sigmoid();</c>) and that other code calls too: the activation is removed where the loss input calls it, by
    /// passing the helper's argument on, not inside the helper, which every other caller would feel. Null when the site
    /// is not such a helper's, or the input is not (a local holding) its call.
    /// </summary>
    private ActivationSite? AtHelperCall(IOperation input, ActivationSite site)
    {
        if (site.Kind != SiteKind.UnwrapCall || site.Kept is null || !Analysis.Compilation.ContainsSyntaxTree(site.Node.SyntaxTree)
            || Analysis.Model(site.Node.SyntaxTree).GetEnclosingSymbol(site.Node.SpanStart, cancellationToken) is not IMethodSymbol { MethodKind: MethodKind.Ordinary } helper
            || Operation(site.Kept) is not IParameterReferenceOperation { Parameter: var parameter }
            || !SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, helper)
            || helper.DeclaringSyntaxReferences.FirstOrDefault(r => r.SyntaxTree == site.Node.SyntaxTree && r.Span.Contains(site.Node.Span)) is not { } declaration
            || Analysis.Model(site.Node.SyntaxTree).GetOperation(declaration.GetSyntax(cancellationToken), cancellationToken) is not { } body
            || Flow.ReturnedValues.Of(body).ToList() is not { Count: 1 } returns
            || Flow.OperationFacts.StripConversions(returns[0])?.Syntax != site.Node)
        {
            return null;
        }

        // Only the calls that other code makes decide: a helper with this one caller is unwrapped in place.
        if (!Flow.Visibility.IsVisibleOutside(helper) && Analysis.CallSitesOf(helper) is { Count: <= 1 })
        {
            return null;
        }

        var call = Flow.OperationFacts.StripConversions(input) switch
        {
            IInvocationOperation direct => direct,
            ILocalReferenceOperation local when Flow.LocalDefinitions.Reaching(local, local.Local) is { IsDefault: false, Length: 1 } definitions
                => Flow.OperationFacts.StripConversions(definitions[0].Value) as IInvocationOperation,
            _ => null,
        };
        return call is not null && SymbolEqualityComparer.Default.Equals(call.TargetMethod.OriginalDefinition, helper.OriginalDefinition)
               && Flow.ValueSourceFinder.ArgumentFor(call, parameter) is { } argument
            ? new ActivationSite(SiteKind.UnwrapCall, call.Syntax, argument.Syntax, site.Activation, site.Dimension)
            : null;
    }

    /// <summary>
    /// An in-place sigmoid (<c>x.sigmoid_()</c>, <c>functional.sigmoid(x, true)</c>) on a variable also changed
    /// the variable; unwrapping it would change every later use of the variable, so no fix is offered. A softmax
    /// must show its dimension, to restore it elsewhere or to turn it into log_softmax.
    /// </summary>
    private bool SiteCanBeRemoved(ActivationSite site)
    {
        if (site.Activation is OriginKind.SoftmaxProbabilities or OriginKind.LogProbabilities && site.Dimension is null)
        {
            return false;
        }

        if (site.Kind == SiteKind.UnwrapCall
            && Operation(site.Node) is IInvocationOperation { TargetMethod.Name: "softmax" or "log_softmax" } softmax
            && softmax.Arguments.Any(a => a.Parameter?.Name == "dtype" && a.ArgumentKind != ArgumentKind.DefaultValue))
        {
            // softmax(x, dim, dtype) computes in another precision; log_softmax or a restored softmax would not.
            return false;
        }

        if (!Analysis.Compilation.ContainsSyntaxTree(site.Node.SyntaxTree))
        {
            return false;
        }

        if (site.Kind != SiteKind.UnwrapCall || Operation(site.Node) is not IInvocationOperation invocation)
        {
            return site.Kind is SiteKind.SequentialElement or SiteKind.Sibling;
        }

        if (OperationFacts.StripConversions(invocation.Instance) is ILocalReferenceOperation { Local: var local }
            && local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is Microsoft.CodeAnalysis.CSharp.Syntax.ForEachStatementSyntax)
        {
            // `layer.forward(x)` in a loop over layers runs every layer, not just the activation: unwrapping it would
            // drop them all.
            return false;
        }

        var inPlace = invocation.TargetMethod.Name == "sigmoid_"
            || invocation.Arguments.Any(a => a.Parameter?.Name == "inplace" && a.ArgumentKind != ArgumentKind.DefaultValue && !Equals(a.Value.ConstantValue.Value, false));
        if (!inPlace)
        {
            return true;
        }

        var operand = invocation.TargetMethod.IsStatic ? OperationFacts.Argument(invocation, 0)?.Value : invocation.Instance;
        return OperationFacts.StripConversions(operand) is not (ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation);
    }

    private IOperation? Operation(SyntaxNode node) =>
        Analysis.Compilation.ContainsSyntaxTree(node.SyntaxTree)
            ? Analysis.Model(node.SyntaxTree).GetOperation(node, cancellationToken)
            : null;

    /// <summary>What one diagnostic adds, merged into the plan only when all of it is safe.</summary>
    internal sealed class Part
    {
        public HashSet<ActivationSite> Sites { get; } = new();

        public HashSet<SyntaxNode> Sinks { get; } = new();

        public HashSet<SyntaxNode> FunctionalRenames { get; } = new();

        public HashSet<SyntaxNode> ConstructionRenames { get; } = new();

        public HashSet<SyntaxNode> TypeRenames { get; } = new();
    }
}

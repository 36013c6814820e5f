namespace LossAnalyzers.Tests.CarrierMatrix;

/// <summary>Every carrier the matrix passes values through: how real TorchSharp code hands tensors, models and losses on.</summary>
internal static class Carriers
{
    private static readonly ValueKind[] Any = { ValueKind.Tensor, ValueKind.Model, ValueKind.Loss, ValueKind.PairLoss, ValueKind.SequenceLoss };
    private static readonly ValueKind[] Tensors = { ValueKind.Tensor };
    private static readonly ValueKind[] Models = { ValueKind.Model };

    public static readonly IReadOnlyList<Carrier> All = new[]
    {
        new Carrier("local", Any, (p, k, v) =>
        {
            var name = p.Fresh("local");
            p.Statement($"var {name} = {v.Text};");
            return new Carried(name, false);
        }),
        new Carrier("using declaration", Any, (p, k, v) =>
        {
            var name = p.Fresh("owned");
            p.Statement($"using var {name} = {v.Text};");
            return new Carried(name, false);
        }),
        new Carrier("field", Any, (p, k, v) =>
        {
            var name = p.Fresh("field");
            if (v.MemberSafe)
            {
                p.Member($"private readonly {MatrixProgram.TypeOf(k)} {name} = {v.Text};");
                return new Carried(name, false);
            }

            p.Member($"private {MatrixProgram.TypeOf(k)} {name};");
            p.Statement($"{name} = {v.Text};");
            return new Carried(name, false);
        }),
        new Carrier("property", Any, (p, k, v) =>
        {
            var name = p.Fresh("Property");
            if (v.MemberSafe)
            {
                p.Member($"private {MatrixProgram.TypeOf(k)} {name} {{ get; }} = {v.Text};");
                return new Carried(name, false);
            }

            p.Member($"private {MatrixProgram.TypeOf(k)} {name} {{ get; set; }}");
            p.Statement($"{name} = {v.Text};");
            return new Carried(name, false);
        }),
        new Carrier("getter", Any, (p, k, v) =>
        {
            var name = p.Fresh("Getter");
            if (v.MemberSafe)
            {
                p.Member($"private {MatrixProgram.TypeOf(k)} {name} => {v.Text};");
                return new Carried(name, false);
            }

            var backing = p.Fresh("backing");
            p.Member($"private {MatrixProgram.TypeOf(k)} {backing};");
            p.Member($"private {MatrixProgram.TypeOf(k)} {name} {{ get {{ return {backing}; }} }}");
            p.Statement($"{backing} = {v.Text};");
            return new Carried(name, false);
        }),
        new Carrier("object initializer", Any, (p, k, v) =>
        {
            var type = p.Fresh("Box");
            var name = p.Fresh("box");
            p.Type($"sealed class {type} {{ public {MatrixProgram.TypeOf(k)} Value {{ get; init; }} public int Count {{ get; init; }} }}");
            p.Statement($"var {name} = new {type} {{ Count = 1, Value = {v.Text} }};");
            return new Carried($"{name}.Value", false);
        }),
        new Carrier("member set by a constructor", Any, (p, k, v) =>
        {
            var type = p.Fresh("Holder");
            var name = p.Fresh("holder");
            var t = MatrixProgram.TypeOf(k);
            p.Type($"sealed class {type} {{ public {type}({t} value, int count) {{ Value = value; Count = count; }} public {t} Value {{ get; }} public int Count {{ get; }} }}");
            p.Statement($"var {name} = new {type}({v.Text}, 2);");
            return new Carried($"{name}.Value", false);
        }),
        new Carrier("record", Any, (p, k, v) =>
        {
            var type = p.Fresh("Record");
            p.Type($"sealed record {type}({MatrixProgram.TypeOf(k)} Value, int Count);");
            return new Carried($"new {type}({v.Text}, 3).Value", v.MemberSafe);
        }),
        new Carrier("tuple", Any, (p, k, v) =>
        {
            var first = p.Fresh("first");
            var second = p.Fresh("second");
            p.Statement($"var ({first}, {second}) = ({v.Text}, 4);");
            return new Carried(first, false);
        }),
        new Carrier("named tuple from a helper", Any, (p, k, v) =>
        {
            var name = p.Fresh("Pair");
            p.Member($"private static ({MatrixProgram.TypeOf(k)} Value, int Count) {name}({MatrixProgram.TypeOf(k)} value) => (value, 5);");
            return new Carried($"{name}({v.Text}).Value", v.MemberSafe);
        }),
        new Carrier("helper method", Any, (p, k, v) =>
        {
            var name = p.Fresh("Pass");
            p.Member($"private static {MatrixProgram.TypeOf(k)} {name}({MatrixProgram.TypeOf(k)} value) => value;");
            return new Carried($"{name}({v.Text})", v.MemberSafe);
        }),
        new Carrier("block-bodied instance helper", Any, (p, k, v) =>
        {
            var name = p.Fresh("Keep");
            p.Member($"private {MatrixProgram.TypeOf(k)} {name}({MatrixProgram.TypeOf(k)} value) {{ var kept = value; return kept; }}");
            return new Carried($"{name}({v.Text})", false);
        }),
        new Carrier("local function", Any, (p, k, v) =>
        {
            var name = p.Fresh("Local");
            p.Statement($"{MatrixProgram.TypeOf(k)} {name}({MatrixProgram.TypeOf(k)} value) => value;");
            return new Carried($"{name}({v.Text})", false);
        }),
        new Carrier("lambda in a local", Any, (p, k, v) =>
        {
            var name = p.Fresh("lambda");
            p.Statement($"Func<{MatrixProgram.TypeOf(k)}, {MatrixProgram.TypeOf(k)}> {name} = value => value;");
            return new Carried($"{name}({v.Text})", false);
        }),
        new Carrier("Func field", Any, (p, k, v) =>
        {
            var name = p.Fresh("func");
            p.Member($"private readonly Func<{MatrixProgram.TypeOf(k)}, {MatrixProgram.TypeOf(k)}> {name} = value => value;");
            return new Carried($"{name}({v.Text})", false);
        }),
        new Carrier("extension method", Any, (p, k, v) =>
        {
            var name = p.Fresh("Carry");
            p.Extension($"public static {MatrixProgram.TypeOf(k)} {name}(this {MatrixProgram.TypeOf(k)} value) => value;");
            return new Carried($"({v.Text}).{name}()", v.MemberSafe);
        }),
        new Carrier("?: choice", Any, (p, k, v) => new Carried($"(Flag ? {v.Text} : {v.Text})", v.MemberSafe)),
        new Carrier("switch choice", Any, (p, k, v) => new Carried($"(Mode switch {{ 0 => {v.Text}, _ => {v.Text} }})", v.MemberSafe)),
        new Carrier("optional parameter and ??=", Any, (p, k, v) =>
        {
            var name = p.Fresh("Fallback");
            var t = MatrixProgram.TypeOf(k);
            if (v.MemberSafe)
            {
                p.Member($"private static {t} {name}({t} given = null) {{ given ??= {v.Text}; return given; }}");
                return new Carried($"{name}()", true);
            }

            p.Member($"private static {t} {name}({t} value, {t} given = null) {{ given ??= value; return given; }}");
            return new Carried($"{name}({v.Text})", false);
        }),
        new Carrier(".to(device)", Any, (p, k, v) => new Carried($"({v.Text}).to(device)", false)),

        new Carrier("forward of Module<Tensor, Tensor>", Tensors, (p, k, v) =>
        {
            var type = p.Fresh("Same");
            var name = p.Fresh("same");
            p.Type($"sealed class {type} : Module<Tensor, Tensor> {{ public {type}() : base(\"{type}\") {{ }} public override Tensor forward(Tensor input) => input; }}");
            p.Member($"private readonly {type} {name} = new();");
            return new Carried($"{name}.forward({v.Text})", false);
        }),
        new Carrier("call of Module<Tensor, Tensor>", Tensors, (p, k, v) =>
        {
            var type = p.Fresh("Same");
            var name = p.Fresh("same");
            p.Type($"sealed class {type} : Module<Tensor, Tensor> {{ public {type}() : base(\"{type}\") {{ }} public override Tensor forward(Tensor input) {{ var output = input; return output; }} }}");
            p.Member($"private readonly Module<Tensor, Tensor> {name} = new {type}();");
            return new Carried($"{name}.call({v.Text})", false);
        }),
        new Carrier("this.forward", Tensors, (p, k, v) =>
        {
            var type = p.Fresh("Runner");
            var name = p.Fresh("runner");
            p.Type($"sealed class {type} : Module<Tensor, Tensor> {{ public {type}() : base(\"{type}\") {{ }} public override Tensor forward(Tensor input) => input; public Tensor Run(Tensor input) => this.forward(input); }}");
            p.Member($"private readonly {type} {name} = new();");
            return new Carried($"{name}.Run({v.Text})", false);
        }),
        new Carrier("forward of a tuple module", Tensors, (p, k, v) =>
        {
            var type = p.Fresh("Both");
            var name = p.Fresh("both");
            p.Type($"sealed class {type} : Module<Tensor, (Tensor Value, Tensor Input)> {{ public {type}() : base(\"{type}\") {{ }} public override (Tensor Value, Tensor Input) forward(Tensor input) => (input, input); }}");
            p.Member($"private readonly {type} {name} = new();");
            return new Carried($"{name}.forward({v.Text}).Value", false);
        }),
        new Carrier("forward of a record module", Tensors, (p, k, v) =>
        {
            var record = p.Fresh("Output");
            var type = p.Fresh("Recorder");
            var name = p.Fresh("recorder");
            p.Type($"sealed record {record}(Tensor Value, Tensor Input);");
            p.Type($"sealed class {type} : Module<Tensor, {record}> {{ public {type}() : base(\"{type}\") {{ }} public override {record} forward(Tensor input) => new {record}(input, input); }}");
            p.Member($"private readonly {type} {name} = new();");
            return new Carried($"{name}.forward({v.Text}).Value", false);
        }),
        new Carrier("forward of a class module", Tensors, (p, k, v) =>
        {
            var result = p.Fresh("Result");
            var type = p.Fresh("Producer");
            var name = p.Fresh("producer");
            p.Type($"sealed class {result} {{ public {result}(Tensor value, Tensor state) {{ Value = value; State = state; }} public Tensor Value {{ get; }} public Tensor State {{ get; }} }}");
            p.Type($"sealed class {type} : Module<{result}, {result}> {{ public {type}() : base(\"{type}\") {{ }} public override {result} forward({result} input) {{ var value = input.Value; return new {result}(value, input.State); }} }}");
            p.Member($"private readonly {type} {name} = new();");
            return new Carried($"{name}.forward(new {result}({v.Text}, null)).Value", false);
        }),
        new Carrier("forward of a two-input module", Tensors, (p, k, v) =>
        {
            var type = p.Fresh("Masked");
            var name = p.Fresh("masked");
            p.Type($"sealed class {type} : Module<Tensor, Tensor, Tensor> {{ public {type}() : base(\"{type}\") {{ }} public override Tensor forward(Tensor input, Tensor mask) => input; }}");
            p.Member($"private readonly {type} {name} = new();");
            return new Carried($"{name}.forward({v.Text}, torch.ones(1))", false);
        }),

        new Carrier("last element of a Sequential", Models, (p, k, v) => new Carried($"Sequential(Identity(), {v.Text})", v.MemberSafe)),
        new Carrier("named Sequential", Models, (p, k, v) => new Carried($"Sequential((\"body\", Identity()), (\"head\", {v.Text}))", v.MemberSafe)),
        new Carrier("Sequential ending in shape-only layers", Models, (p, k, v) => new Carried($"Sequential({v.Text}, Identity(), Dropout(0.1))", v.MemberSafe)),
        new Carrier("ModuleList looped in forward", Models, (p, k, v) =>
        {
            var type = p.Fresh("Stack");
            p.Type($"sealed class {type} : Module<Tensor, Tensor> {{ private readonly ModuleList<Module<Tensor, Tensor>> layers; public {type}(Module<Tensor, Tensor> last) : base(\"{type}\") {{ layers = ModuleList<Module<Tensor, Tensor>>(Identity(), last); RegisterComponents(); }} public override Tensor forward(Tensor input) {{ foreach (var layer in layers) input = layer.forward(input); return input; }} }}");
            return new Carried($"new {type}({v.Text})", v.MemberSafe);
        }),
        new Carrier("ModuleDict entry", Models, (p, k, v) =>
        {
            var name = p.Fresh("heads");
            p.Statement($"var {name} = ModuleDict<Module<Tensor, Tensor>>((\"main\", {v.Text}), (\"other\", Identity()));");
            return new Carried($"{name}[\"main\"]", false);
        }),
        new Carrier("wrapping module", Models, (p, k, v) =>
        {
            var type = p.Fresh("Wrap");
            p.Type($"sealed class {type} : Module<Tensor, Tensor> {{ private readonly Module<Tensor, Tensor> inner; public {type}(Module<Tensor, Tensor> inner) : base(\"{type}\") {{ this.inner = inner; RegisterComponents(); }} public override Tensor forward(Tensor input) => inner.forward(input); }}");
            return new Carried($"new {type}({v.Text})", v.MemberSafe);
        }),
    };

    public static IEnumerable<Carrier> Of(ValueKind kind) => All.Where(c => c.Kinds.Contains(kind));
}

using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SeedMisuses;

// Situation: knowledge distillation ported line by line from a PyTorch tutorial:
// F.kl_div(F.log_softmax(student / T, 1), F.softmax(teacher / T, 1)) * T * T. In PyTorch the target holds
// probabilities because log_target defaults to False; TorchSharp's kl_div defaults to log_target = true, so the
// teacher's probabilities are read as log-probabilities and the loss is a wrong number, with no error.
//
// LOSS015: the softmax target reaches kl_div with log_target left to TorchSharp's default (true);
// write log_target: false. (LOSS017, an Info rule, also notes the Mean reduction.)
internal static class DistillationDefaultLogTarget
{
    private const double Temperature = 4.0;

    public static string Run()
    {
        var teacher = Sequential(Linear(8, 32), ReLU(), Linear(32, 3));
        var student = Linear(8, 3);

        var batch = Data.Features(16);
        using var noGrad = no_grad();
        var teacherLogits = teacher.forward(batch);
        var studentLogits = student.forward(batch);

        var loss = DistillationLoss(studentLogits, teacherLogits);
        return "loss " + Data.Format(loss);
    }

    private static Tensor DistillationLoss(Tensor studentLogits, Tensor teacherLogits)
    {
        var soft = functional.log_softmax(studentLogits / Temperature, 1);
        var teacherProbabilities = functional.softmax(teacherLogits / Temperature, 1);
        return functional.kl_div(soft, teacherProbabilities) * (Temperature * Temperature);
    }
}

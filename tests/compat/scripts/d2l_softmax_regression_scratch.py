# source: d2l-ai/d2l-en, chapter_linear-classification/softmax-regression-scratch.md
# The chapter's PyTorch code blocks in order (d2l's sample-code licence), the tab.selected('pytorch') branches kept.
# compare: structure
# The count of wrong predictions depends on the (unseeded) initial weights: masked.
# mask: (?<=^torch\.Size\(\[)\d+(?=, 1, 28, 28\]\) \d+$)
# mask: (?<=, 1, 28, 28\]\) )\d+$
# adapted: `from d2l import torch as d2l` is the suite's stand-in (tests/compat/data/d2l/torch.py: d2l's Classifier, Trainer ... written out; its ProgressBoard prints the points it would plot); d2l.FashionMNIST (a download of 70,000 images) is its synthetic stand-in of 512 training and 256 validation 1x28x28 images in 10 classes (numpy-made, alike under both); the value of each notebook cell's last expression is printed; the last cell's data.visualize (a plot) is left out; the shape of the misclassified images and the number of labels it would show are printed
from d2l import torch as d2l
import torch

X = d2l.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
print((d2l.reduce_sum(X, 0, keepdims=True), d2l.reduce_sum(X, 1, keepdims=True)))


def softmax(X):
    X_exp = d2l.exp(X)
    partition = d2l.reduce_sum(X_exp, 1, keepdims=True)
    return X_exp / partition  # The broadcasting mechanism is applied here


X = d2l.rand((2, 5))
X_prob = softmax(X)
print((X_prob, d2l.reduce_sum(X_prob, 1)))


class SoftmaxRegressionScratch(d2l.Classifier):
    def __init__(self, num_inputs, num_outputs, lr, sigma=0.01):
        super().__init__()
        self.save_hyperparameters()
        self.W = torch.normal(0, sigma, size=(num_inputs, num_outputs),
                              requires_grad=True)
        self.b = torch.zeros(num_outputs, requires_grad=True)

    def parameters(self):
        return [self.W, self.b]


@d2l.add_to_class(SoftmaxRegressionScratch)
def forward(self, X):
    X = d2l.reshape(X, (-1, self.W.shape[0]))
    return softmax(d2l.matmul(X, self.W) + self.b)


y = d2l.tensor([0, 2])
y_hat = d2l.tensor([[0.1, 0.3, 0.6], [0.3, 0.2, 0.5]])
print(y_hat[[0, 1], y])


def cross_entropy(y_hat, y):
    return -d2l.reduce_mean(d2l.log(y_hat[list(range(len(y_hat))), y]))


print(cross_entropy(y_hat, y))


@d2l.add_to_class(SoftmaxRegressionScratch)
def loss(self, y_hat, y):
    return cross_entropy(y_hat, y)


data = d2l.FashionMNIST(batch_size=256)
model = SoftmaxRegressionScratch(num_inputs=784, num_outputs=10, lr=0.1)
trainer = d2l.Trainer(max_epochs=10)
trainer.fit(model, data)

X, y = next(iter(data.val_dataloader()))
preds = d2l.argmax(model(X), axis=1)
print(preds.shape)

wrong = d2l.astype(preds, y.dtype) != y
X, y, preds = X[wrong], y[wrong], preds[wrong]
labels = [a+'\n'+b for a, b in zip(
    data.text_labels(y), data.text_labels(preds))]
print(X.shape, len(labels))

# source: d2l-ai/d2l-en, chapter_appendix-mathematics-for-deep-learning/naive-bayes.md
# The chapter's PyTorch code blocks in order (d2l's sample-code licence).
# compare: values
# adapted: `from d2l import torch as d2l` is the suite's stand-in (tests/compat/data/d2l/torch.py: its show_images prints what it would draw); the value of each notebook cell's last expression is printed (the image cells' trailing `;` shows nothing: they are called, not printed); torchvision (not installed here) and its MNIST download are replaced by SyntheticMNIST, (image, label) pairs of MNIST's shapes and pixel steps made by numpy's seeded generator, 2,000 for training and 200 for testing (not 60,000 and 10,000), with the chapter's binarizing transform (its ToTensor step is the stand-in's own division by 255)
from d2l import torch as d2l
import math
import torch
import numpy as np
d2l.use_svg_display()

data_transform = lambda x: torch.floor(x * 255 / 128).squeeze(dim=0)  # noqa: E731 - the chapter's


class SyntheticMNIST:
    """The suite's stand-in for torchvision's MNIST: (image, label) pairs, each image a class
    template plus noise in whole steps of 1/255 as ToTensor gives them (1x28x28, float32), made by
    numpy's seeded generator; ``transform`` applied as torchvision applies it."""

    templates = np.random.default_rng(0).integers(0, 256, (10, 1, 28, 28))

    def __init__(self, n, seed, transform):
        generator = np.random.default_rng(seed)
        self.labels = generator.integers(0, 10, n)
        noise = generator.integers(-96, 97, (n, 1, 28, 28))
        self.images = (np.clip(self.templates[self.labels] + noise, 0, 255) / 255).astype(np.float32)
        self.transform = transform

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, i):
        return self.transform(torch.tensor(self.images[i])), int(self.labels[i])


mnist_train = SyntheticMNIST(2000, 1, data_transform)
mnist_test = SyntheticMNIST(200, 2, data_transform)

image, label = mnist_train[2]
print(image.shape, label)

print(image.shape, image.dtype)

print(label, type(label))

images = torch.stack([mnist_train[i][0] for i in range(10, 38)], dim=0)
labels = torch.tensor([mnist_train[i][1] for i in range(10, 38)])
print(images.shape, labels.shape)

d2l.show_images(images, 2, 9)

X = torch.stack([mnist_train[i][0] for i in range(len(mnist_train))], dim=0)
Y = torch.tensor([mnist_train[i][1] for i in range(len(mnist_train))])

n_y = torch.zeros(10)
for y in range(10):
    n_y[y] = (Y == y).sum()
P_y = n_y / n_y.sum()
print(P_y)

n_x = torch.zeros((10, 28, 28))
for y in range(10):
    n_x[y] = torch.tensor(X.numpy()[Y.numpy() == y].sum(axis=0))
P_xy = (n_x + 1) / (n_y + 2).reshape(10, 1, 1)

d2l.show_images(P_xy, 2, 5)

def bayes_pred(x):
    x = x.unsqueeze(0)  # (28, 28) -> (1, 28, 28)
    p_xy = P_xy * x + (1 - P_xy)*(1 - x)
    p_xy = p_xy.reshape(10, -1).prod(dim=1)  # p(x|y)
    return p_xy * P_y

image, label = mnist_test[0]
print(bayes_pred(image))

a = 0.1
print('underflow:', a**784)
print('logarithm is normal:', 784*math.log(a))

log_P_xy = torch.log(P_xy)
log_P_xy_neg = torch.log(1 - P_xy)
log_P_y = torch.log(P_y)

def bayes_pred_stable(x):
    x = x.unsqueeze(0)  # (28, 28) -> (1, 28, 28)
    p_xy = log_P_xy * x + log_P_xy_neg * (1 - x)
    p_xy = p_xy.reshape(10, -1).sum(axis=1)  # p(x|y)
    return p_xy + log_P_y

py = bayes_pred_stable(image)
print(py)

print(py.argmax(dim=0) == label)

def predict(X):
    return [bayes_pred_stable(x).argmax(dim=0).type(torch.int32).item()
            for x in X]

X = torch.stack([mnist_test[i][0] for i in range(18)], dim=0)
y = torch.tensor([mnist_test[i][1] for i in range(18)])
preds = predict(X)
d2l.show_images(X, 2, 9, titles=[str(d) for d in preds])

X = torch.stack([mnist_test[i][0] for i in range(len(mnist_test))], dim=0)
y = torch.tensor([mnist_test[i][1] for i in range(len(mnist_test))])
preds = torch.tensor(predict(X), dtype=torch.int32)
print(float((preds == y).sum()) / len(y))  # Validation accuracy

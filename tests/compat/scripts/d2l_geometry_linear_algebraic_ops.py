# source: d2l-ai/d2l-en, chapter_appendix-mathematics-for-deep-learning/geometry-linear-algebraic-ops.md
# The chapter's PyTorch code blocks in order (d2l's sample-code licence).
# compare: values
# adapted: `from d2l import torch as d2l` is the suite's stand-in (tests/compat/data/d2l/torch.py: its printing plt says what it would draw); the value of each notebook cell's last expression is printed (`d2l.plt.show()` shows nothing); torchvision (not installed here) and its FashionMNIST download are replaced by synthetic (image, label) pairs of the same shapes made by numpy's seeded generator: 600 training images (60 of each class) and 2,000 test images of the classes 0 and 1 (the real test set's count, which the chapter's reshape(2000, -1) assumes)
v = [1, 7, 0, 1]

from d2l import torch as d2l
from IPython import display  # noqa: F401 - the chapter imports it
import torch
import numpy as np

def angle(v, w):
    return torch.acos(v.dot(w) / (torch.norm(v) * torch.norm(w)))

print(angle(torch.tensor([0, 1, 2], dtype=torch.float32), torch.tensor([2.0, 3, 4])))

# Load in the dataset
# (the suite's stand-in for torchvision's FashionMNIST download: (image, label) pairs, 1x28x28
# images in [0, 1] as ToTensor gives them, each class its own template plus noise)
generator = np.random.default_rng(0)
templates = generator.uniform(0, 1, (10, 1, 28, 28))
def synthetic_fashion_mnist(labels):
    images = np.clip(templates[labels] + generator.normal(0, 0.5, (len(labels), 1, 28, 28)), 0, 1)
    return [(torch.tensor(image.astype(np.float32)), int(label)) for image, label in zip(images, labels)]
train = synthetic_fashion_mnist(np.repeat(np.arange(10), 60))
test = synthetic_fashion_mnist(np.tile(np.arange(2), 1000))

X_train_0 = torch.stack(
    [x[0] * 256 for x in train if x[1] == 0]).type(torch.float32)
X_train_1 = torch.stack(
    [x[0] * 256 for x in train if x[1] == 1]).type(torch.float32)
X_test = torch.stack(
    [x[0] * 256 for x in test if x[1] == 0 or x[1] == 1]).type(torch.float32)
y_test = torch.stack([torch.tensor(x[1]) for x in test
                      if x[1] == 0 or x[1] == 1]).type(torch.float32)

# Compute averages
ave_0 = torch.mean(X_train_0, axis=0)
ave_1 = torch.mean(X_train_1, axis=0)

# Plot average t-shirt
d2l.set_figsize()
d2l.plt.imshow(ave_0.reshape(28, 28).tolist(), cmap='Greys')
d2l.plt.show()

# Plot average trousers
d2l.plt.imshow(ave_1.reshape(28, 28).tolist(), cmap='Greys')
d2l.plt.show()

# Print test set accuracy with eyeballed threshold
w = (ave_1 - ave_0).T
# '@' is Matrix Multiplication operator in pytorch.
predictions = X_test.reshape(2000, -1) @ (w.flatten()) > -1500000

# Accuracy
print(torch.mean((predictions.type(y_test.dtype) == y_test).float(), dtype=torch.float64))

M = torch.tensor([[1, 2], [1, 4]], dtype=torch.float32)
M_inv = torch.tensor([[2, -1], [-0.5, 0.5]])
print(M_inv @ M)

print(torch.det(torch.tensor([[1, -1], [2, 3]], dtype=torch.float32)))

# Define tensors
B = torch.tensor([[[1, 2, 3], [4, 5, 6]], [[7, 8, 9], [10, 11, 12]]])
A = torch.tensor([[1, 2], [3, 4]])
v = torch.tensor([1, 2])

# Print out the shapes
print(A.shape, B.shape, v.shape)

# Reimplement matrix multiplication
print(torch.einsum("ij, j -> i", A, v), A@v)

print(torch.einsum("ijk, il, j -> kl", B, A, v))

# PyTorch does not support this type of notation.

# source: pytorch/tutorials, beginner_source/basics/data_tutorial.py
# Follows the tutorial's steps and calls in order; written for this suite, not copied from it.
# compare: structure
# adapted: torchvision and pandas are not available here: FashionMNIST is a stand-in Dataset of 640 training and 160 test images (28 x 28 uint8, drawn by numpy's seeded generator, labels 0-9 in turn) turned into tensors by a stand-in ToTensor (a 1 x 28 x 28 float tensor in [0, 1], as torchvision's); the custom dataset's labels.csv and image files are written into a temporary directory (removed at the end), read by stand-ins for pandas.read_csv (a list of rows with .iloc) and torchvision.io.read_image (a uint8 tensor of numpy's .npy file), and the custom dataset is then read through a DataLoader (the tutorial only defines it); the plots are left out (the titles and the images' shapes are printed); the labels of the samples drawn by torch.randint and of the shuffled batch are masked
# mask: ^(T-Shirt|Trouser|Pullover|Dress|Coat|Sandal|Shirt|Sneaker|Bag|Ankle Boot) torch\.Size
# mask: (?<=^Label: )\d+$
import csv
import os
import shutil
import tempfile

import numpy as np
import torch
from torch.utils.data import Dataset


class ToTensor:
    """Stand-in for torchvision.transforms.ToTensor: H x W uint8 -> 1 x H x W float in [0, 1]."""

    def __call__(self, picture):
        return torch.from_numpy(picture[None].astype(np.float32) / 255)


class FashionMNIST(Dataset):
    """Stand-in for torchvision.datasets.FashionMNIST (see the header)."""

    def __init__(self, root, train=True, download=False, transform=None):
        count = 640 if train else 160
        self.images = np.random.default_rng(1 if train else 2).integers(0, 256, (count, 28, 28), dtype=np.uint8)
        self.targets = [index % 10 for index in range(count)]
        self.transform = transform

    def __len__(self):
        return len(self.images)

    def __getitem__(self, index):
        image = self.images[index]
        return (self.transform(image) if self.transform else image), self.targets[index]


class datasets:
    FashionMNIST = FashionMNIST


training_data = datasets.FashionMNIST(
    root="data",
    train=True,
    download=True,
    transform=ToTensor()
)

test_data = datasets.FashionMNIST(
    root="data",
    train=False,
    download=True,
    transform=ToTensor()
)

# iterating and visualizing the dataset
labels_map = {
    0: "T-Shirt",
    1: "Trouser",
    2: "Pullover",
    3: "Dress",
    4: "Coat",
    5: "Sandal",
    6: "Shirt",
    7: "Sneaker",
    8: "Bag",
    9: "Ankle Boot",
}
cols, rows = 3, 3
for i in range(1, cols * rows + 1):
    sample_idx = torch.randint(len(training_data), size=(1,)).item()
    img, label = training_data[sample_idx]
    print(labels_map[label], img.squeeze().shape, img.dtype)


# a custom dataset of image files and a labels file
class _Rows:
    """Stand-in for a pandas DataFrame read from a CSV file: len() and .iloc[row, column]."""

    def __init__(self, rows):
        self.rows = rows
        self.iloc = self

    def __len__(self):
        return len(self.rows)

    def __getitem__(self, where):
        row, column = where
        value = self.rows[row][column]
        return int(value) if value.strip().isdigit() else value


class pd:
    @staticmethod
    def read_csv(path):
        with open(path, newline="") as f:
            return _Rows(list(csv.reader(f))[1:])


def read_image(path):
    """Stand-in for torchvision.io.read_image: the image (C x H x W uint8) saved with numpy."""
    return torch.from_numpy(np.load(path))


class CustomImageDataset(Dataset):
    def __init__(self, annotations_file, img_dir, transform=None, target_transform=None):
        self.img_labels = pd.read_csv(annotations_file)
        self.img_dir = img_dir
        self.transform = transform
        self.target_transform = target_transform

    def __len__(self):
        return len(self.img_labels)

    def __getitem__(self, idx):
        img_path = os.path.join(self.img_dir, self.img_labels.iloc[idx, 0])
        image = read_image(img_path)
        label = self.img_labels.iloc[idx, 1]
        if self.transform:
            image = self.transform(image)
        if self.target_transform:
            label = self.target_transform(label)
        return image, label


img_dir = tempfile.mkdtemp(prefix="custom-images-")
with open(os.path.join(img_dir, "labels.csv"), "w", newline="") as f:
    writer = csv.writer(f)
    writer.writerow(["file", "label"])
    for index in range(12):
        name = f"{labels_map[index % 10].lower().replace(' ', '').replace('-', '')}{index}.npy"
        np.save(os.path.join(img_dir, name), training_data.images[index][None])
        writer.writerow([name, index % 10])

from torch.utils.data import DataLoader

custom = CustomImageDataset(os.path.join(img_dir, "labels.csv"), img_dir,
                            transform=lambda image: image.float() / 255,
                            target_transform=lambda label: torch.tensor(label))
print(len(custom), custom[3][0].shape, custom[3][0].dtype, custom[3][1])
custom_features, custom_labels = next(iter(DataLoader(custom, batch_size=5)))
print(custom_features.shape, custom_labels)
shutil.rmtree(img_dir)

# preparing the data for training with DataLoaders
train_dataloader = DataLoader(training_data, batch_size=64, shuffle=True)
test_dataloader = DataLoader(test_data, batch_size=64, shuffle=True)

train_features, train_labels = next(iter(train_dataloader))
print(f"Feature batch shape: {train_features.size()}")
print(f"Labels batch shape: {train_labels.size()}")
img = train_features[0].squeeze()
label = train_labels[0]
print(img.shape, img.dtype)
print(f"Label: {label}")
print(len(train_dataloader), len(test_dataloader), sum(len(y) for _, y in test_dataloader))

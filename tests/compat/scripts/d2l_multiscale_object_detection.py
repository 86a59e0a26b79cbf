# source: d2l-ai/d2l-en, chapter_computer-vision/multiscale-object-detection.md
# The chapter's PyTorch code blocks in order (d2l's sample-code licence).
# compare: values
# adapted: `from d2l import torch as d2l` is the suite's stand-in (tests/compat/data/d2l/torch.py: d2l's multibox_prior, show_bboxes, bbox_to_rect written out; its printing plt says what it would draw (each anchor's rectangle), and its imread gives a black image of catdog.jpg's shape, the book's image not being here); the value of each notebook cell's last expression is printed
from d2l import torch as d2l
import torch  # noqa: F401 - the chapter imports it

img = d2l.plt.imread('../img/catdog.jpg')
h, w = img.shape[:2]
print(h, w)

def display_anchors(fmap_w, fmap_h, s):
    d2l.set_figsize()
    # Values on the first two dimensions do not affect the output
    fmap = d2l.zeros((1, 10, fmap_h, fmap_w))
    anchors = d2l.multibox_prior(fmap, sizes=s, ratios=[1, 2, 0.5])
    bbox_scale = d2l.tensor((w, h, w, h))
    d2l.show_bboxes(d2l.plt.imshow(img).axes,
                    anchors[0] * bbox_scale)

print(display_anchors(fmap_w=4, fmap_h=4, s=[0.15]))

print(display_anchors(fmap_w=2, fmap_h=2, s=[0.4]))

print(display_anchors(fmap_w=1, fmap_h=1, s=[0.8]))

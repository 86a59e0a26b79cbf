# source: d2l-ai/d2l-en, chapter_natural-language-processing-applications/sentiment-analysis-rnn.md
# The chapter's PyTorch code blocks in order (d2l's sample-code licence).
# compare: structure
# mask: ^[\d.]+ examples/sec on \[device\(type='cpu'\)\]$
# mask: ^(positive|negative)$
# adapted: `from d2l import torch as d2l` is the suite's stand-in (tests/compat/data/d2l/torch.py: d2l's load_data_imdb, TokenEmbedding, train_ch13, predict_sentiment ... written out; its Animator prints the points it would plot); the IMDb download is 320 training and 160 test reviews made from fixed word lists by numpy's seeded generator, padded to 50 steps (load_data_imdb(batch_size, num_steps=50), not 500), and the GloVe download vectors for those words (see the stand-in's read_imdb and TokenEmbedding); num_epochs 5 cut to 2; `d2l.try_all_gpus()`, an empty list without a GPU on which train_ch13 fails (devices[0]) under either library, is `[d2l.try_gpu()]`, the CPU; the value of each notebook cell's last expression is printed (the `net.apply(init_weights);` cell shows nothing); the initialization and the shuffling come from torch's generator, which autograd_lab does not reproduce: compared by structure, the speed and the two predicted sentiments masked
from d2l import torch as d2l
import torch
from torch import nn

batch_size = 64
train_iter, test_iter, vocab = d2l.load_data_imdb(batch_size, num_steps=50)

class BiRNN(nn.Module):
    def __init__(self, vocab_size, embed_size, num_hiddens,
                 num_layers, **kwargs):
        super(BiRNN, self).__init__(**kwargs)
        self.embedding = nn.Embedding(vocab_size, embed_size)
        # Set `bidirectional` to True to get a bidirectional RNN
        self.encoder = nn.LSTM(embed_size, num_hiddens, num_layers=num_layers,
                                bidirectional=True)
        self.decoder = nn.Linear(4 * num_hiddens, 2)

    def forward(self, inputs):
        # The shape of `inputs` is (batch size, no. of time steps). Because
        # LSTM requires its input's first dimension to be the temporal
        # dimension, the input is transposed before obtaining token
        # representations. The output shape is (no. of time steps, batch size,
        # word vector dimension)
        embeddings = self.embedding(inputs.T)
        self.encoder.flatten_parameters()
        # Returns hidden states of the last hidden layer at different time
        # steps. The shape of `outputs` is (no. of time steps, batch size,
        # 2 * no. of hidden units)
        outputs, _ = self.encoder(embeddings)
        # Concatenate the hidden states at the initial and final time steps as
        # the input of the fully connected layer. Its shape is (batch size,
        # 4 * no. of hidden units)
        encoding = torch.cat((outputs[0], outputs[-1]), dim=1) 
        outs = self.decoder(encoding)
        return outs

embed_size, num_hiddens, num_layers, devices = 100, 100, 2, [d2l.try_gpu()]
net = BiRNN(len(vocab), embed_size, num_hiddens, num_layers)

def init_weights(module):
    if type(module) == nn.Linear:
        nn.init.xavier_uniform_(module.weight)
    if type(module) == nn.LSTM:
        for param in module._flat_weights_names:
            if "weight" in param:
                nn.init.xavier_uniform_(module._parameters[param])
net.apply(init_weights)

glove_embedding = d2l.TokenEmbedding('glove.6b.100d')

embeds = glove_embedding[vocab.idx_to_token]
print(embeds.shape)

net.embedding.weight.data.copy_(embeds)
net.embedding.weight.requires_grad = False

lr, num_epochs = 0.01, 2
trainer = torch.optim.Adam(net.parameters(), lr=lr)
loss = nn.CrossEntropyLoss(reduction="none")
print(d2l.train_ch13(net, train_iter, test_iter, loss, trainer, num_epochs, devices))

#@save
def predict_sentiment(net, vocab, sequence):
    """Predict the sentiment of a text sequence."""
    sequence = torch.tensor(vocab[sequence.split()], device=d2l.try_gpu())
    label = torch.argmax(net(sequence.reshape(1, -1)), dim=1)
    return 'positive' if label == 1 else 'negative'

print(predict_sentiment(net, vocab, 'this movie is so great'))

print(predict_sentiment(net, vocab, 'this movie is so bad'))

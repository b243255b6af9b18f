"""Decoder-only transformer for REMI tokens (GPT-2 shape: pre-LayerNorm, learned absolute
positions, GELU MLP, tied input/output embeddings), written so torch.jit.script exports it.

Scripted interface the C++ runner (engine/model) depends on:
    forward(tokens, past_keys, past_values) -> (logits, new_keys, new_values)
    tokens      int64   [batch, T]
    past_keys   float32 [layers, batch, heads, P, head_dim]   (P may be 0)
    past_values float32 [layers, batch, heads, P, head_dim]
    logits      float32 [batch, T, vocab]
    new_keys    float32 [layers, batch, heads, P + T, head_dim]   (same for new_values)
Positions are P + arange(T); attention is causal over past + new. P + T <= max_positions.
Module attributes vocab_size, num_layers, num_heads, head_dim, d_model, max_positions are ints.
Attention is written by hand (no scaled_dot_product_attention: torch 1.13).
"""
import math
from typing import List, Optional, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from .config import ModelConfig


class CausalSelfAttention(nn.Module):
    num_heads: torch.jit.Final[int]
    head_dim: torch.jit.Final[int]
    d_model: torch.jit.Final[int]

    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.num_heads = cfg.num_heads
        self.head_dim = cfg.head_dim
        self.d_model = cfg.d_model
        self.qkv = nn.Linear(cfg.d_model, 3 * cfg.d_model)
        self.proj = nn.Linear(cfg.d_model, cfg.d_model)
        self.attn_dropout = nn.Dropout(cfg.attn_dropout)
        self.resid_dropout = nn.Dropout(cfg.dropout)

    def _project(self, x: Tensor) -> Tuple[Tensor, Tensor, Tensor]:
        # x: [batch, T, d_model] -> q, k, v: [batch, heads, T, head_dim]
        b, t, _ = x.shape
        qkv = self.qkv(x).view(b, t, 3, self.num_heads, self.head_dim)
        qkv = qkv.permute(2, 0, 3, 1, 4)  # [3, batch, heads, T, head_dim]
        return qkv[0], qkv[1], qkv[2]

    def _attend(self, q: Tensor, k: Tensor, v: Tensor, mask: Optional[Tensor]) -> Tensor:
        # q: [batch, heads, T, head_dim]; k, v: [batch, heads, P + T, head_dim]; mask: bool
        # [T, P + T], or None when every key is visible. Returns proj(attention): [batch, T, d].
        b, _, t, _ = q.shape
        q = q * (1.0 / math.sqrt(self.head_dim))  # scale q, not the [T, P+T] scores
        scores = torch.matmul(q, k.transpose(-2, -1))  # [batch, heads, T, P+T]
        if mask is not None:
            scores = scores.masked_fill(mask.logical_not(), float("-inf"))
        probs = self.attn_dropout(torch.softmax(scores, dim=-1))
        out = torch.matmul(probs, v)  # [batch, heads, T, head_dim]
        return self.proj(out.transpose(1, 2).reshape(b, t, self.d_model))

    def forward(self, x: Tensor, past_k: Tensor, past_v: Tensor,
                mask: Tensor) -> Tuple[Tensor, Tensor, Tensor]:
        # x: [batch, T, d_model]; past_k/v: [batch, heads, P, head_dim]; mask: bool [T, P + T]
        q, k, v = self._project(x)
        k = torch.cat([past_k, k], dim=2)  # [batch, heads, P + T, head_dim]
        v = torch.cat([past_v, v], dim=2)
        return self.resid_dropout(self._attend(q, k, v, mask)), k, v

    def forward_in_place(self, x: Tensor, cache_k: Tensor, cache_v: Tensor, past: int,
                         mask: Optional[Tensor]) -> Tensor:
        # x: [batch, T, d_model]; cache_k/v: [batch, heads, C, head_dim] with C >= past + T, of
        # which positions [0, past) are filled. Writes the T new keys/values at [past, past + T)
        # and attends over [0, past + T). mask: bool [T, past + T], or None when T == 1.
        q, k, v = self._project(x)
        t = q.size(2)
        cache_k[:, :, past:past + t] = k
        cache_v[:, :, past:past + t] = v
        return self._attend(q, cache_k[:, :, :past + t], cache_v[:, :, :past + t], mask)


def causal_mask(positions: Tensor, total: int) -> Tensor:
    """mask[i, j] (bool [T, total]): the query at absolute position positions[i] may attend key
    j, i.e. j <= positions[i]."""
    key_pos = torch.arange(total, device=positions.device)
    return key_pos.unsqueeze(0) <= positions.unsqueeze(1)


class Block(nn.Module):
    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.ln1 = nn.LayerNorm(cfg.d_model)
        self.attn = CausalSelfAttention(cfg)
        self.ln2 = nn.LayerNorm(cfg.d_model)
        self.fc = nn.Linear(cfg.d_model, cfg.d_ff)
        self.fc_out = nn.Linear(cfg.d_ff, cfg.d_model)
        self.mlp_dropout = nn.Dropout(cfg.dropout)

    def forward(self, x: Tensor, past_k: Tensor, past_v: Tensor,
                mask: Tensor) -> Tuple[Tensor, Tensor, Tensor]:
        a, k, v = self.attn(self.ln1(x), past_k, past_v, mask)
        x = x + a
        return x + self._mlp(x), k, v

    def forward_in_place(self, x: Tensor, cache_k: Tensor, cache_v: Tensor, past: int,
                         mask: Optional[Tensor]) -> Tensor:
        x = x + self.attn.forward_in_place(self.ln1(x), cache_k, cache_v, past, mask)
        return x + self._mlp(x)

    def _mlp(self, x: Tensor) -> Tensor:
        return self.mlp_dropout(self.fc_out(F.gelu(self.fc(self.ln2(x)))))


class StoriTransformer(nn.Module):
    vocab_size: torch.jit.Final[int]
    d_model: torch.jit.Final[int]
    num_layers: torch.jit.Final[int]
    num_heads: torch.jit.Final[int]
    head_dim: torch.jit.Final[int]
    d_ff: torch.jit.Final[int]
    max_positions: torch.jit.Final[int]

    def __init__(self, cfg: ModelConfig):
        super().__init__()
        cfg.validate()
        self.vocab_size = cfg.vocab_size
        self.d_model = cfg.d_model
        self.num_layers = cfg.num_layers
        self.num_heads = cfg.num_heads
        self.head_dim = cfg.head_dim
        self.d_ff = cfg.d_ff
        self.max_positions = cfg.max_positions
        self.tok_emb = nn.Embedding(cfg.vocab_size, cfg.d_model)
        self.pos_emb = nn.Embedding(cfg.max_positions, cfg.d_model)
        self.emb_dropout = nn.Dropout(cfg.dropout)
        self.blocks = nn.ModuleList([Block(cfg) for _ in range(cfg.num_layers)])
        self.ln_f = nn.LayerNorm(cfg.d_model)
        self._init_weights(cfg)

    def _init_weights(self, cfg: ModelConfig) -> None:
        # GPT-2 initialisation (Radford et al. 2019): N(0, 0.02), residual projections scaled by
        # 1 / sqrt(2 * layers).
        for m in self.modules():
            if isinstance(m, nn.Linear):
                nn.init.normal_(m.weight, mean=0.0, std=0.02)
                if m.bias is not None:
                    nn.init.zeros_(m.bias)
            elif isinstance(m, nn.Embedding):
                nn.init.normal_(m.weight, mean=0.0, std=0.02)
        for block in self.blocks:
            for p in (block.attn.proj.weight, block.fc_out.weight):
                nn.init.normal_(p, mean=0.0, std=0.02 / math.sqrt(2 * cfg.num_layers))

    def _embed(self, tokens: Tensor, past: int) -> Tuple[Tensor, Tensor]:
        """Token + position embeddings of tokens [batch, T] at positions past .. past + T - 1:
        ([batch, T, d_model], positions int64 [T])."""
        t = tokens.size(1)
        positions = torch.arange(past, past + t, dtype=torch.long, device=tokens.device)
        x = self.emb_dropout(self.tok_emb(tokens) + self.pos_emb(positions).unsqueeze(0))
        return x, positions

    def _trunk(self, tokens: Tensor, past_keys: Tensor,
               past_values: Tensor) -> Tuple[Tensor, List[Tensor], List[Tensor]]:
        t = tokens.size(1)
        p = past_keys.size(3)
        if p + t > self.max_positions:
            raise RuntimeError("past + new positions exceed max_positions")
        x, positions = self._embed(tokens, p)
        mask = causal_mask(positions, p + t)
        keys: List[Tensor] = []
        values: List[Tensor] = []
        for i, block in enumerate(self.blocks):
            x, k, v = block(x, past_keys[i], past_values[i], mask)
            keys.append(k)
            values.append(v)
        return self.ln_f(x), keys, values

    def forward(self, tokens: Tensor, past_keys: Tensor,
                past_values: Tensor) -> Tuple[Tensor, Tensor, Tensor]:
        h, keys, values = self._trunk(tokens, past_keys, past_values)
        logits = F.linear(h, self.tok_emb.weight)  # tied embeddings; [batch, T, vocab]
        return logits, torch.stack(keys, 0), torch.stack(values, 0)

    @torch.jit.export
    def forward_in_place(self, tokens: Tensor, keys: Tensor, values: Tensor,
                         past: int) -> Tensor:
        """Inference with a preallocated KV cache, written in place.

        tokens: int64 [batch, T]; keys, values: float [layers, batch, heads, C, head_dim] with
        past + T <= C <= max_positions, positions [0, past) already filled (by earlier calls or
        by copying forward()'s cache in). Writes the new positions [past, past + T) into keys and
        values and returns logits [batch, T, vocab], equal to forward()'s on the same prefix.
        Unlike forward() nothing is concatenated or stacked, so a step costs O(T) copies instead
        of O(past + T). For inference (eval mode: dropout off)."""
        t = tokens.size(1)
        if past < 0 or past + t > keys.size(3) or past + t > self.max_positions:
            raise RuntimeError("past + new positions exceed the cache or max_positions")
        x, positions = self._embed(tokens, past)
        mask: Optional[Tensor] = None
        if t > 1:  # one new position sees every cached key
            mask = causal_mask(positions, past + t)
        for i, block in enumerate(self.blocks):
            x = block.forward_in_place(x, keys[i], values[i], past, mask)
        return F.linear(self.ln_f(x), self.tok_emb.weight)

    @torch.jit.export
    def empty_cache(self, batch_size: int) -> Tensor:
        """Zero-length cache [layers, batch, heads, 0, head_dim] on the weights' device."""
        w = self.tok_emb.weight
        return torch.zeros([self.num_layers, batch_size, self.num_heads, 0, self.head_dim],
                           dtype=w.dtype, device=w.device)

    @torch.jit.ignore
    def forward_train(self, tokens: Tensor) -> Tensor:
        """Full-sequence logits [batch, T, vocab] without returning a cache (training path)."""
        empty = self.empty_cache(tokens.size(0))
        h, _, _ = self._trunk(tokens, empty, empty)
        return F.linear(h, self.tok_emb.weight)


def count_parameters(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())

"""Model hyper-parameters and the named presets used by train.py (`--config small`)."""
import dataclasses
from typing import Any, Dict


@dataclasses.dataclass
class ModelConfig:
    vocab_size: int
    d_model: int = 192
    num_layers: int = 4
    num_heads: int = 4
    d_ff: int = 768
    dropout: float = 0.1  # embeddings, residual branches, MLP
    # Dropout on attention probabilities: off by default, since on CPU it costs about a quarter
    # of a training step at 1024 positions (a Bernoulli draw per score).
    attn_dropout: float = 0.0
    max_positions: int = 1024

    @property
    def head_dim(self) -> int:
        return self.d_model // self.num_heads

    def validate(self) -> None:
        if self.d_model % self.num_heads != 0:
            raise ValueError(f"d_model {self.d_model} is not a multiple of num_heads "
                             f"{self.num_heads}")
        for name in ("vocab_size", "d_model", "num_layers", "num_heads", "d_ff", "max_positions"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be >= 1; got {getattr(self, name)}")
        for name in ("dropout", "attn_dropout"):
            if not 0.0 <= getattr(self, name) < 1.0:
                raise ValueError(f"{name} must be in [0, 1); got {getattr(self, name)}")

    def to_dict(self) -> Dict[str, Any]:
        return dataclasses.asdict(self)

    @staticmethod
    def from_dict(d: Dict[str, Any]) -> "ModelConfig":
        fields = {f.name for f in dataclasses.fields(ModelConfig)}
        return ModelConfig(**{k: v for k, v in d.items() if k in fields})


# Presets without vocab_size (that comes from vocab.json). "small" is about 2 M parameters.
PRESETS: Dict[str, Dict[str, Any]] = {
    "tiny": dict(d_model=32, num_layers=2, num_heads=2, d_ff=64, dropout=0.0, max_positions=1024),
    "small": dict(d_model=192, num_layers=4, num_heads=4, d_ff=768, dropout=0.1,
                  max_positions=1024),
    "medium": dict(d_model=256, num_layers=4, num_heads=4, d_ff=1024, dropout=0.1,
                   max_positions=1024),
}


def make_config(preset: str, vocab_size: int, **overrides: Any) -> ModelConfig:
    if preset not in PRESETS:
        raise ValueError(f"unknown config {preset!r}; expected one of {sorted(PRESETS)}")
    values = dict(PRESETS[preset])
    values.update({k: v for k, v in overrides.items() if v is not None})
    cfg = ModelConfig(vocab_size=vocab_size, **values)
    cfg.validate()
    return cfg

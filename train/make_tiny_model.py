"""A tiny, randomly initialised Qwen2 with the real Qwen2 tokenizer (read from a vocab-only GGUF,
e.g. llama.cpp's models/ggml-vocab-qwen2.gguf), for the CPU training test. Its outputs are
noise; it exists so the whole loop (export, train, merge, convert, serve) runs on real code."""
import sys


def main(gguf, out):
    import os
    import torch
    from transformers import AutoTokenizer, Qwen2Config, Qwen2ForCausalLM
    from trl.chat_template_utils import qwen2_5_chat_template

    tokenizer = AutoTokenizer.from_pretrained(os.path.dirname(gguf), gguf_file=os.path.basename(gguf))
    # The vocab GGUF carries Qwen2's original template; the Qwen2.5 one (tools, and a training
    # variant with generation markers in TRL) is what Qwen2.5-Coder models ship.
    tokenizer.chat_template = qwen2_5_chat_template
    if tokenizer.pad_token is None:
        tokenizer.pad_token = "<|endoftext|>" if "<|endoftext|>" in tokenizer.get_vocab() else tokenizer.eos_token
    torch.manual_seed(0)
    config = Qwen2Config(
        vocab_size=len(tokenizer), hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=4,
        num_key_value_heads=2, max_position_embeddings=8192, tie_word_embeddings=True,
        bos_token_id=tokenizer.bos_token_id, eos_token_id=tokenizer.eos_token_id,
    )
    model = Qwen2ForCausalLM(config)
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    print(out)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

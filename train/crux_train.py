"""Crux's training recipe: SFT, DPO or KTO with LoRA (TRL + PEFT) on the files Crux exports,
unchanged: `crux sft` (messages with per-message weights), `crux pairs` (prompt/chosen/rejected)
and `crux export --format kto` (prompt/completion/label), each with a `tools` column.

    python train/crux_train.py sft --data sft.jsonl --model MODEL_DIR --out OUT_DIR [--merge]

max_length is measured on the data (the longest rendered row, chat template and tools included)
and never left at TRL's default of 1,024 tokens, under which DPO drops every row whose prompt
alone is longer (Crux prompts with tool schemas run to thousands of tokens). SFT keeps an
assistant message with weight 0 (a failed tool step) in the context and out of the loss: rows are
tokenized with the model's training chat template (TRL's, with generation markers), the
assistant mask's span of each weight-0 message is cleared, and SFTTrainer gets input_ids plus
assistant_masks. Writes the adapter to OUT_DIR (and OUT_DIR/merged with --merge) and the losses
to OUT_DIR/crux-train.json.
"""
import argparse
import json
import math
import os
import sys


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="crux train", description=__doc__.split("\n\n")[0])
    parser.add_argument("kind", choices=["sft", "dpo", "kto"])
    parser.add_argument("--data", required=True, help="the JSON Lines file Crux wrote")
    parser.add_argument("--model", required=True, help="a Hugging Face model folder or hub id")
    parser.add_argument("--out", required=True, help="where the adapter (and --merge model) go")
    parser.add_argument("--max-steps", type=int, default=-1, help="stop after N optimizer steps (default: --epochs)")
    parser.add_argument("--epochs", type=float, default=1.0)
    parser.add_argument("--batch-size", type=int, default=2, help="per device; KTO needs 2 or more")
    parser.add_argument("--grad-accum", type=int, default=1)
    parser.add_argument("--lr", type=float, default=None, help="default: 1e-4 (sft), 5e-6 (dpo, kto)")
    parser.add_argument("--lora-r", type=int, default=16)
    parser.add_argument("--lora-alpha", type=int, default=32)
    parser.add_argument("--beta", type=float, default=0.1, help="DPO/KTO beta")
    parser.add_argument("--max-length", type=int, default=None, help="default: measured on the data")
    parser.add_argument("--bf16", action="store_true", help="train in bfloat16 (GPUs that support it)")
    parser.add_argument("--merge", action="store_true", help="also write the base model with the adapter merged to OUT/merged")
    parser.add_argument("--seed", type=int, default=0)
    return parser.parse_args(argv)


def fail(message):
    print(f"crux train: {message}", file=sys.stderr)
    sys.exit(2)


def load_rows(path, kind):
    from datasets import Dataset

    rows = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                fail(f"{path} line {number} is not JSON: {error}")
            row.pop("metadata", None)
            if isinstance(row.get("tools"), str):
                row["tools"] = json.loads(row["tools"])
            rows.append(row)
    needed = {"sft": ["messages"], "dpo": ["prompt", "chosen", "rejected"], "kto": ["prompt", "completion", "label"]}[kind]
    if not rows:
        fail(f"{path} holds no rows")
    missing = [key for key in needed if key not in rows[0]]
    if missing:
        fail(f"{path} is not {kind} data: its rows lack {', '.join(missing)}")
    if kind == "kto" and len(rows) < 2:
        fail("KTO needs at least 2 rows (its loss compares a batch's completions)")
    # Arrow wants one type per column: tool-call arguments as JSON text in every row would change
    # what the template renders, so rows are kept as Python objects and handed to datasets whole.
    return Dataset.from_list(rows), rows


def render(tokenizer, messages, tools, template=None):
    return tokenizer.apply_chat_template(messages, tools=tools or None, tokenize=True, chat_template=template, return_dict=True)["input_ids"]


def measured_max_length(tokenizer, rows, kind):
    """The longest row in tokens, as the trainer will see it, plus room for special tokens.
    For DPO and KTO pass the rows as the Arrow dataset holds them: Arrow unifies the tool schemas
    of a `tools` column into one struct type (a property one tool lacks becomes null in it), and
    the trainer renders those, which makes prompts longer than the file's rows."""
    longest = 0
    for row in rows:
        tools = row.get("tools")
        if kind == "sft":
            sequences = [row["messages"]]
        elif kind == "dpo":
            sequences = [row["prompt"] + row["chosen"], row["prompt"] + row["rejected"]]
        else:
            sequences = [row["prompt"] + row["completion"]]
        for messages in sequences:
            longest = max(longest, len(render(tokenizer, [strip_weight(m) for m in messages], tools)))
    return longest + 8


def strip_weight(message):
    return {key: value for key, value in message.items() if key != "weight"}


def masked_sft_rows(tokenizer, rows, max_length):
    """input_ids and assistant_masks per row, with weight-0 assistant messages out of the loss."""
    from trl.chat_template_utils import get_training_chat_template

    try:
        template = get_training_chat_template(tokenizer) or tokenizer.chat_template
    except ValueError as error:
        fail(f"error masking needs a chat template TRL can mark for training (Qwen2.5, Qwen3, Llama 3, Gemma...): {error}")
    out = []
    for row in rows:
        messages = row["messages"]
        encoded = tokenizer.apply_chat_template(
            [strip_weight(m) for m in messages], tools=row.get("tools") or None, tokenize=True, return_dict=True,
            return_assistant_tokens_mask=True, chat_template=template,
        )
        ids, mask = list(encoded["input_ids"]), list(encoded["assistant_masks"])
        weights = [m.get("weight", 1) for m in messages if m["role"] == "assistant"]
        # The k-th run of 1s in the mask is the k-th assistant message (tool and user messages
        # always lie between two assistant messages).
        span, inside = -1, False
        for index, bit in enumerate(mask):
            if bit and not inside:
                span += 1
            inside = bool(bit)
            if bit and span < len(weights) and weights[span] == 0:
                mask[index] = 0
        out.append({"input_ids": ids[:max_length], "assistant_masks": mask[:max_length]})
    return out


def main(argv):
    args = parse_args(argv)
    import torch
    from datasets import Dataset
    from peft import LoraConfig
    from transformers import AutoModelForCausalLM, AutoTokenizer, TrainerCallback

    torch.manual_seed(args.seed)
    tokenizer = AutoTokenizer.from_pretrained(args.model)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    if not tokenizer.chat_template:
        fail(f"the tokenizer of {args.model} has no chat template")
    dataset, rows = load_rows(args.data, args.kind)
    max_length = args.max_length or measured_max_length(tokenizer, rows if args.kind == "sft" else list(dataset), args.kind)
    print(f"crux train: {len(rows)} {args.kind} rows, max_length {max_length} (measured on the data)", flush=True)

    model = AutoModelForCausalLM.from_pretrained(args.model, dtype=torch.bfloat16 if args.bf16 else torch.float32)
    lora = LoraConfig(r=args.lora_r, lora_alpha=args.lora_alpha, lora_dropout=0.0, target_modules="all-linear", task_type="CAUSAL_LM")
    losses = []

    class Losses(TrainerCallback):
        def on_log(self, _args, _state, _control, logs=None, **_kwargs):
            if logs and "loss" in logs:
                losses.append(float(logs["loss"]))

    common = dict(
        output_dir=args.out, max_steps=args.max_steps, num_train_epochs=args.epochs, per_device_train_batch_size=args.batch_size,
        gradient_accumulation_steps=args.grad_accum, logging_steps=1, save_strategy="no", report_to=[], seed=args.seed,
        bf16=args.bf16, use_cpu=not torch.cuda.is_available(), learning_rate=args.lr or (1e-4 if args.kind == "sft" else 5e-6),
    )
    if args.kind == "sft":
        from trl import SFTConfig, SFTTrainer

        dataset = Dataset.from_list(masked_sft_rows(tokenizer, rows, max_length))
        config = SFTConfig(max_length=max_length, **common)
        trainer = SFTTrainer(model=model, args=config, train_dataset=dataset, processing_class=tokenizer, peft_config=lora, callbacks=[Losses()])
    elif args.kind == "dpo":
        from trl import DPOConfig, DPOTrainer

        config = DPOConfig(max_length=max_length, beta=args.beta, **common)
        trainer = DPOTrainer(model=model, args=config, train_dataset=dataset, processing_class=tokenizer, peft_config=lora, callbacks=[Losses()])
    else:
        from trl import KTOConfig, KTOTrainer

        config = KTOConfig(max_length=max_length, beta=args.beta, **common)
        trainer = KTOTrainer(model=model, args=config, train_dataset=dataset, processing_class=tokenizer, peft_config=lora, callbacks=[Losses()])
    trainer.train()
    if not losses or not all(math.isfinite(loss) for loss in losses):
        fail(f"training produced no finite loss: {losses}")
    trainer.model.save_pretrained(args.out)
    tokenizer.save_pretrained(args.out)
    result = {"kind": args.kind, "rows": len(rows), "max_length": max_length, "losses": losses, "adapter": args.out}
    if args.merge:
        merged = trainer.model.merge_and_unload()
        target = os.path.join(args.out, "merged")
        merged.save_pretrained(target)
        tokenizer.save_pretrained(target)
        result["merged"] = target
    with open(os.path.join(args.out, "crux-train.json"), "w", encoding="utf-8") as handle:
        json.dump(result, handle, indent=2)
    print(f"crux train: {args.kind} done, losses {', '.join(f'{loss:.4f}' for loss in losses)}; adapter in {args.out}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])

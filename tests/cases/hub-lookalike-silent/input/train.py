from datasets import load_dataset
from transformers import AutoModel, AutoModelForCausalLM, AutoTokenizer, pipeline

REV = "0123456789abcdef0123456789abcdef01234567"

gpt = AutoModelForCausalLM.from_pretrained("openai-community/gpt2", revision=REV)
tok = AutoTokenizer.from_pretrained("google/gemma-2b", revision=REV)
mis = AutoModelForCausalLM.from_pretrained("mistralai/Mistral-7B-v0.1", revision=REV)
own = AutoModelForCausalLM.from_pretrained("mistrai/Mistral-7B-finetune", revision=REV)  # [hub] allow
bab = AutoModel.from_pretrained("Alibaba-AAIG/model", revision=REV)  # alibaba-pai: an edit and an insertion, a name of its own
lla = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-3.1-8B", revision=REV)
qwe = AutoModelForCausalLM.from_pretrained("qwen/Qwen2.5-0.5B", revision=REV)  # case only
idf = AutoModel.from_pretrained("HuggingFaceM4/idefics2-8b", revision=REV)  # near H4, both known
yi = AutoModel.from_pretrained("01-ai/Yi-6B", revision=REV)
usr = pipeline("automatic-speech-recognition", model="ylacombe/whisper-small", revision=REV)  # a user
mmlab = AutoModel.from_pretrained("openmmlab/upernet-convnext-small", revision=REV)  # same length, 2 apart
short = AutoModel.from_pretrained("ibn/granite", revision=REV)  # short names: homoglyphs only
loc = AutoModel.from_pretrained("./checkpoints/run1", revision=REV)
ds = load_dataset("json", data_files="train.json")

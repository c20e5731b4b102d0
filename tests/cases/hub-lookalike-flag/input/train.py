from datasets import load_dataset
from huggingface_hub import hf_hub_download
from transformers import AutoModel, AutoModelForCausalLM, AutoTokenizer, pipeline

REV = "0123456789abcdef0123456789abcdef01234567"

gpt = AutoModelForCausalLM.from_pretrained("0penai/gpt2", revision=REV)  # digit 0 for o
tok = AutoTokenizer.from_pretrained("googIe/gemma-2b", revision=REV)  # capital I for l
mis = AutoModelForCausalLM.from_pretrained("mistrai/Mistral-7B-v0.1", revision=REV)  # two letters dropped
oss = AutoModelForCausalLM.from_pretrained("оpenai/gpt-oss-20b", revision=REV)  # Cyrillic о
lla = AutoModelForCausalLM.from_pretrained("meta-IIama/Llama-3.1-8B", revision=REV)  # II for ll
gen = pipeline("text-generation", model="meta_llama/Llama-3.2-1B", revision=REV)  # separator changed
cfg = hf_hub_download(repo_id="deepseek-al/DeepSeek-R1", filename="config.json", revision=REV)  # one letter
sd = AutoModel.from_pretrained("stabiltyai/stable-diffusion-2", revision=REV)  # a letter dropped
ds = load_dataset("HuggingFaceH5/ultrachat_200k", revision=REV)  # one character
own = AutoModel.from_pretrained("acme-reserch/encoder", revision=REV)  # [hub] known_orgs
msr = AutoModel.from_pretrained("rnicrosoft/phi-2", revision=REV)  # rn for m

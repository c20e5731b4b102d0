// Tools: the model chooses their arguments.
import { tool } from "@langchain/core/tools";
import { DynamicTool } from "@langchain/core/tools";
import { PythonInterpreterTool } from "@langchain/community/experimental/tools/pyinterpreter";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { execSync } from "node:child_process";

export const calculator = tool(async ({ expression }) => String(eval(expression)), {
  name: "calculator",
  description: "evaluates arithmetic",
});

export const shell = new DynamicTool({
  name: "shell",
  description: "runs a command",
  func: async (input) => execSync(input).toString(),
});

export const python = await PythonInterpreterTool.initialize({ indexURL: "../node_modules/pyodide" });

const server = new McpServer({ name: "demo", version: "1.0.0" });
server.tool("run", "runs a command", {}, async ({ command }) => ({
  content: [{ type: "text", text: execSync(command).toString() }],
}));

// LangChain.js invoke: the reply is model output
import { ChatOpenAI } from "@langchain/openai";
const llm = new ChatOpenAI({ model: "gpt-4o" });
export async function planAndRun(task: string) {
  const msg = await llm.invoke(task);
  return new Function(String(msg.content))();
}

// The one module that calls invoke(): each method is one Tauri command.
import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import { BackendError, type Backend } from "./index";

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw BackendError.from(e);
  }
}

export const tauriBackend: Backend = {
  bootstrap: () => call("bootstrap"),
  createProfile: (req) => call("create_profile", { req }),
  setActing: (profileId) => call("set_acting", { profileId }),
  createRoadmap: (req) => call("create_roadmap", { req }),
  listItems: (roadmapId, archived) => call("list_items", { roadmapId, archived }),
  getItem: (itemId) => call("get_item", { itemId }),
  createItem: (req) => call("create_item", { req }),
  updateItem: (req) => call("update_item", { req }),
  editDimension: (req) => call("edit_dimension", { req }),
  moveItem: (req) => call("move_item", { req }),
  proposeChange: (req) => call("propose_change", { req }),
  respondToProposal: (req) => call("respond_to_proposal", { req }),
  listProposals: (itemId) => call("list_proposals", { itemId }),
  itemHistory: (itemId) => call("item_history", { itemId }),
  signWhen: (req) => call("sign_when", { req }),
  whenSignoff: (itemId) => call("when_signoff", { itemId }),
  identities: () => call("identities"),
  onMenu: (f) => listen<string>("menu", (e) => f(e.payload)),
  onSecondLaunch: (f) => listen("second-launch", () => f()),
};

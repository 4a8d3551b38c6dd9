// What the agent needs from a model: one streamed turn. The ModelClient implements it;
// depending on this narrow interface keeps the loop testable and the client swappable.
import type { ModelTurnRequest, ModelTurnResult } from '../model/types';

export interface ModelTurnSource {
  turn(request: ModelTurnRequest): Promise<ModelTurnResult>;
}

// The part of dagre's API that the page script calls. dagre itself is inlined into the page as its own <script>
// (src/report/html/dagre.ts), whose browser build defines the global `dagre`; this declares only what main.ts uses.

/** An edge of a dagre graph, by its end nodes. */
interface DagreEdgeRef {
  v: string;
  w: string;
  name?: string;
}

/** Where dagre.layout() put an edge: its polyline and, for an edge with a label size, the label's centre. */
interface DagreEdgeLayout {
  points?: Array<{ x: number; y: number }>;
  x?: number;
  y?: number;
}

/** A dagre graph whose graph, node and edge labels are the given types (layout() adds the positions). */
interface DagreGraph<GraphLabel extends object, NodeLabel extends object, EdgeLabel extends object> {
  setGraph(label: GraphLabel): this;
  /** The graph label; after layout() it has the drawing's width and height. */
  graph(): GraphLabel & { width?: number; height?: number };
  setDefaultEdgeLabel(label: () => EdgeLabel): this;
  setNode(id: string, label: NodeLabel): this;
  /** A node's label; after layout() it has the node's centre. */
  node(id: string): NodeLabel & { x: number; y: number };
  nodes(): string[];
  setEdge(from: string, to: string, label: EdgeLabel): this;
  edge(edge: DagreEdgeRef): EdgeLabel & DagreEdgeLayout;
  edges(): DagreEdgeRef[];
}

declare const dagre: {
  graphlib: {
    Graph: new <GraphLabel extends object, NodeLabel extends object, EdgeLabel extends object>(options?: { directed?: boolean; multigraph?: boolean; compound?: boolean }) => DagreGraph<GraphLabel, NodeLabel, EdgeLabel>;
  };
  /** Lays the graph out in place: nodes need a width and a height. */
  layout<GraphLabel extends object, NodeLabel extends { width: number; height: number }, EdgeLabel extends object>(graph: DagreGraph<GraphLabel, NodeLabel, EdgeLabel>): void;
};

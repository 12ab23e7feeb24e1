export interface StockLine {
  sku: string;
  onHand: number;
}

export function stock(): StockLine[] {
  return [
    { sku: 'PALLET-EU', onHand: 42 },
    { sku: 'CRATE-S', onHand: 7 },
  ];
}

/**
 * Provinces, cities and districts for address pickers (考场地址). Compact: Beijing, Tianjin and
 * Shanghai complete, and the main cities of a few provinces. A picked path is stored as one text,
 * e.g. 北京市北京市朝阳区, as the product shows it.
 */
export interface RegionNode {
  value: string
  label: string
  children?: RegionNode[]
}

const node = (name: string, children?: RegionNode[]): RegionNode => ({ value: name, label: name, children })
const city = (name: string, districts: string[]) => node(name, districts.map((d) => node(d)))
const municipality = (name: string, districts: string[]) => node(name, [city(name, districts)])

export const REGIONS: RegionNode[] = [
  municipality('北京市', [
    '东城区', '西城区', '朝阳区', '丰台区', '石景山区', '海淀区', '门头沟区', '房山区',
    '通州区', '顺义区', '昌平区', '大兴区', '怀柔区', '平谷区', '密云区', '延庆区',
  ]),
  municipality('天津市', [
    '和平区', '河东区', '河西区', '南开区', '河北区', '红桥区', '东丽区', '西青区',
    '津南区', '北辰区', '武清区', '宝坻区', '滨海新区', '宁河区', '静海区', '蓟州区',
  ]),
  municipality('上海市', [
    '黄浦区', '徐汇区', '长宁区', '静安区', '普陀区', '虹口区', '杨浦区', '闵行区',
    '宝山区', '嘉定区', '浦东新区', '金山区', '松江区', '青浦区', '奉贤区', '崇明区',
  ]),
  municipality('重庆市', ['渝中区', '江北区', '南岸区', '沙坪坝区', '九龙坡区', '大渡口区', '渝北区', '巴南区', '北碚区']),
  node('河北省', [
    city('石家庄市', ['长安区', '桥西区', '新华区', '裕华区', '井陉矿区']),
    city('保定市', ['竞秀区', '莲池区', '满城区', '清苑区', '徐水区']),
    city('廊坊市', ['广阳区', '安次区', '三河市', '固安县']),
  ]),
  node('山东省', [
    city('济南市', ['历下区', '市中区', '槐荫区', '天桥区', '历城区', '长清区']),
    city('青岛市', ['市南区', '市北区', '黄岛区', '崂山区', '李沧区', '城阳区']),
  ]),
  node('江苏省', [
    city('南京市', ['玄武区', '秦淮区', '建邺区', '鼓楼区', '栖霞区', '雨花台区', '江宁区']),
    city('苏州市', ['姑苏区', '虎丘区', '吴中区', '相城区', '吴江区']),
  ]),
  node('浙江省', [city('杭州市', ['上城区', '拱墅区', '西湖区', '滨江区', '萧山区', '余杭区'])]),
  node('广东省', [
    city('广州市', ['越秀区', '海珠区', '荔湾区', '天河区', '白云区', '番禺区']),
    city('深圳市', ['福田区', '罗湖区', '南山区', '宝安区', '龙岗区', '龙华区']),
  ]),
]

/** The picked path as stored: its names joined, e.g. 北京市北京市朝阳区. */
export const regionText = (path: string[]): string => path.join('')

/** The path whose names join to `text`, or [] when the list does not have it. */
export function regionPath(text: string, nodes: RegionNode[] = REGIONS): string[] {
  for (const n of nodes) {
    if (!text.startsWith(n.value)) continue
    const rest = text.slice(n.value.length)
    if (!n.children) {
      if (rest === '') return [n.value]
      continue
    }
    const tail = regionPath(rest, n.children)
    if (tail.length > 0) return [n.value, ...tail]
  }
  return []
}
